// Dashboard benchmark (issue #6, target 3): a 24-panel dashboard of 100 series x
// 1,440 points per panel (3.456 million points) opened in the real window against the
// real Prometheus on loopback, then refreshed 200 times.
//
// The benchmark backfills the data with `promtool tsdb create-blocks-from openmetrics`,
// starts Debian's `prometheus` on a free loopback port and measures, each in a fresh
// child process of this program (so that neither inherits the other's heap):
//   dozor  MainWindow::openDashboard on a temporary dashboard file until every panel has
//          its data and has painted it: wall time, the longest gap of a 5 ms event-loop
//          heartbeat (the worst UI stall), resident memory (/proc/self/statm) per point;
//          then back-to-back refreshes (MainWindow::refresh, each waited for until every
//          panel has repainted): resident memory after refresh 20 and after the last.
//   naive  the baseline in the same run: the same 24 query_range requests through a
//          plain QNetworkAccessManager, each body decoded on the UI thread with
//          QJsonDocument into a QVector<QPointF> per series - what a naive client does.
// Both talk to Prometheus through a small replay proxy in this process: a request seen
// before (the refreshes: the range is absolute) is answered with the bytes Prometheus
// sent the first time, so that 200 refreshes fit in the time budget and measure what the
// client does with an answer - re-decode and redraw - rather than Prometheus's own work;
// --no-replay sends every request to Prometheus (minutes per hundred refreshes).
// Both check that they got exactly the generated points. Every figure, ratio and target
// is printed with PASS or MISS. As the other benchmarks, it exits 1 when a target is
// missed - except with --quick (the ctest smoke run, too small for the targets to mean
// anything) - and 1 as well when something is wrong: a tool missing, the server not
// starting, a panel failing or showing other data than generated.
//
//   bench_dashboard [--panels N] [--series N] [--points N] [--refreshes N] [--quick]
//                   [--no-replay]
//
// --quick (the ctest smoke run): 4 panels x 20 series, 5 refreshes.
#include "chartpanel.h"
#include "dashboardpage.h"
#include "dashboardqueries.h"
#include "idlereclaim.h"
#include "linelayer.h"
#include "mainwindow.h"
#include "panelwidget.h"
#include "prometheusserver.h"

#include <QApplication>
#include <QChartView>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointF>
#include <QPointer>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <execinfo.h>
#include <sys/resource.h>
#include <ctime>
#include <functional>
#include <limits>
#include <memory>
#include <set>
#include <vector>

#include <csignal>
#include <malloc.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr qint64 kStepS = 60;
constexpr double kStallTargetMs = 50;
constexpr double kBytesPerPointTarget = 16;
constexpr double kGrowthTargetPercent = 2; // resident memory noise, not growth
constexpr int kServerNice = 10; // Prometheus and the replay proxy (see PrometheusServer)

struct Options
{
    int panels = 24;
    int series = 100;
    int points = 1440;
    int refreshes = 200;
    int refreshBudgetS = 90;
    bool quick = false;
    bool replay = true;
    // Child mode: which client to measure, against which server and data.
    QString measure;
    QString prometheus;
    qint64 startS = 0;
    QString result;
    QString dir;
};

class Rng
{
public:
    explicit Rng(quint64 seed) : m_state(seed) {}
    quint64 next()
    {
        // splitmix64: the same stream for a seed on every platform.
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double unit() { return double(next() >> 11) / double(1ULL << 53); }

private:
    quint64 m_state;
};

/// The generated values of one series: a random walk with two decimals, so that the
/// text promtool reads, what Prometheus prints and the double decoded are the same.
class Walk
{
public:
    Walk(int panel, int series) : m_rng((quint64(panel) << 32) ^ quint64(series) ^ 0xda5b0a4dULL)
    {
        m_level = 100 + 10 * series + 1000 * panel;
    }
    double next()
    {
        m_level += (m_rng.unit() - 0.5) * 4;
        return std::round(m_level * 100) / 100;
    }

private:
    Rng m_rng;
    double m_level;
};

QString metricName(int panel)
{
    return QStringLiteral("bench_metric_%1").arg(panel);
}

double msSince(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return kNaN;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

qint64 residentBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * sysconf(_SC_PAGESIZE) : -1;
}


/// DOZOR_BENCH_MEMDIAG=1: where the resident memory is (stderr).
void memDiag(const char *when, const QWidget *w)
{
    if (qEnvironmentVariableIsEmpty("DOZOR_BENCH_MEMDIAG"))
        return;
    QFile f(QStringLiteral("/proc/self/smaps_rollup"));
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n'))
            if (line.startsWith("Rss") || line.startsWith("Anon") || line.startsWith("Shared") || line.startsWith("Private"))
                std::fprintf(stderr, "[%s] %s\n", when, line.constData());
    const struct mallinfo2 mi = mallinfo2();
    std::fprintf(stderr, "[%s] malloc arena %.1f MB, mmapped %.1f MB, in use %.1f MB, free %.1f MB\n", when,
                 mi.arena / 1e6, mi.hblkhd / 1e6, mi.uordblks / 1e6, mi.fordblks / 1e6);
    if (w) {
        QHash<QByteArray, int> classes;
        for (const QObject *o : w->findChildren<QObject *>())
            ++classes[o->metaObject()->className()];
        QList<QPair<int, QByteArray>> top;
        for (auto it = classes.cbegin(); it != classes.cend(); ++it)
            top.append({it.value(), it.key()});
        std::sort(top.begin(), top.end(), [](auto &a, auto &b) { return a.first > b.first; });
        for (int i = 0; i < std::min<int>(12, top.size()); ++i)
            std::fprintf(stderr, "[%s] %6d %s\n", when, top[i].first, top[i].second.constData());
    }
}

/// Runs `until` in the event loop until it returns true or `timeoutMs` passes.
/// The loop sleeps between events (a busy loop would take a core from the decoders).
bool waitFor(const std::function<bool()> &until, int timeoutMs)
{
    if (until())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(2);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (until())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return until();
}

/// DOZOR_BENCH_STALLS diagnostic: the top-level events delivered since the heartbeat's
/// last tick (what filled a gap), kept by StallApplication::notify.
std::vector<std::string> &gapEvents()
{
    static std::vector<std::string> events;
    return events;
}

/// The longest gap between ticks of a 5 ms timer while measuring: how long the event
/// loop (the UI thread) was kept from turning.
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { tick(); });
        m_clock.start();
        m_timer.start();
    }
    void begin()
    {
        m_last = m_clock.nsecsElapsed();
        m_max = 0;
        m_measuring = true;
    }
    /// Ends the measurement; returns the longest gap in ms (the one still open included).
    double end()
    {
        tick();
        m_measuring = false;
        return double(m_max) / 1e6;
    }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        static const int limitMs = qEnvironmentVariableIntValue("DOZOR_BENCH_STALLS");
        if (m_measuring && limitMs > 0 && now - m_last > qint64(limitMs) * 1000000) {
            std::fprintf(stderr, "  gap %.1f ms filled by:", double(now - m_last) / 1e6);
            for (const std::string &e : gapEvents())
                std::fprintf(stderr, " %s;", e.c_str());
            std::fprintf(stderr, "\n");
        }
        gapEvents().clear();
        if (m_measuring)
            m_max = std::max(m_max, now - m_last);
        m_last = now;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_max = 0;
    bool m_measuring = false;
};

/// Compares one decoded series with the generator; empty when equal.
QString checkSeries(int panel, int series, const std::function<qsizetype()> &count,
                    const std::function<std::pair<double, double>(qsizetype)> &pointMs,
                    const Options &o)
{
    if (count() != o.points)
        return QStringLiteral("panel %1 series %2: %3 points, expected %4")
            .arg(panel)
            .arg(series)
            .arg(count())
            .arg(o.points);
    Walk walk(panel, series);
    for (qsizetype k = 0; k < o.points; ++k) {
        const double want = walk.next();
        const double wantT = double(o.startS + k * kStepS) * 1000.0;
        const auto [t, v] = pointMs(k);
        if (t != wantT || v != want)
            return QStringLiteral("panel %1 series %2 point %3: (%4, %5), expected (%6, %7)")
                .arg(panel)
                .arg(series)
                .arg(k)
                .arg(t, 0, 'f', 0)
                .arg(v, 0, 'g', 17)
                .arg(wantT, 0, 'f', 0)
                .arg(want, 0, 'g', 17);
    }
    return {};
}

// ---------------------------------------------------------------- data and server

/// Writes the OpenMetrics text for promtool, streamed (no big buffer in this process).
bool writeOpenMetrics(const QString &path, const Options &o, QString *error)
{
    FILE *f = std::fopen(QFile::encodeName(path).constData(), "w");
    if (!f) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    std::vector<char> buf(1 << 20);
    std::setvbuf(f, buf.data(), _IOFBF, buf.size());
    for (int p = 0; p < o.panels; ++p) {
        const QByteArray name = metricName(p).toUtf8();
        std::fprintf(f, "# TYPE %s gauge\n", name.constData());
        for (int s = 0; s < o.series; ++s) {
            Walk walk(p, s);
            for (int k = 0; k < o.points; ++k) {
                char value[64];
                const auto r = std::to_chars(value, value + sizeof value, walk.next());
                *r.ptr = '\0';
                std::fprintf(f, "%s{series=\"%d\"} %s %lld\n", name.constData(), s, value,
                             static_cast<long long>(o.startS + k * kStepS));
            }
        }
    }
    std::fputs("# EOF\n", f);
    const bool ok = std::fclose(f) == 0;
    if (!ok)
        *error = QStringLiteral("cannot write %1").arg(path);
    return ok;
}

bool runTool(const QString &program, const QStringList &args, int timeoutMs, QString *error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs) ||
        p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 failed: %2")
                     .arg(program, QString::fromLocal8Bit(p.readAll().right(2000)));
        p.kill();
        p.waitForFinished(2000);
        return false;
    }
    return true;
}

/// Debian's prometheus over a backfilled data directory, on a free loopback port,
/// stopped by pid when this dies (and by the kernel if this process dies).
class BenchPrometheus
{
public:
    ~BenchPrometheus()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(10000)) {
                m_process->kill();
                m_process->waitForFinished(5000);
            }
        }
    }
    bool start(const QString &dir, const QString &data, QString *error)
    {
        const QString config = QDir(dir).filePath(QStringLiteral("prometheus.yml"));
        QFile cf(config);
        if (!cf.open(QIODevice::WriteOnly) ||
            cf.write("global:\n  scrape_interval: 15s\nscrape_configs: []\n") < 0) {
            *error = QStringLiteral("cannot write %1").arg(config);
            return false;
        }
        cf.close();
        const quint16 port = PrometheusServer::freePort();
        m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        m_log = QDir(dir).filePath(QStringLiteral("prometheus.log"));
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setStandardOutputFile(m_log);
        // The server side runs at nice 10: on an operator's workstation Prometheus is
        // another machine, here it shares the measured client's two cores.
        m_process->setChildProcessModifier([] {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            ::setpriority(PRIO_PROCESS, 0, kServerNice);
        });
        m_process->start(QStringLiteral("prometheus"),
                         {QStringLiteral("--config.file=") + config,
                          QStringLiteral("--storage.tsdb.path=") + data,
                          QStringLiteral("--storage.tsdb.retention.time=30d"),
                          QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port)});
        if (!m_process->waitForStarted(10000)) {
            *error = QStringLiteral("cannot start prometheus: %1").arg(m_process->errorString());
            return false;
        }
        QNetworkAccessManager nam;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 60000) {
            if (m_process->state() != QProcess::Running) {
                QFile log(m_log);
                log.open(QIODevice::ReadOnly);
                *error = QStringLiteral("prometheus exited: %1")
                             .arg(QString::fromLocal8Bit(log.readAll().right(2000)));
                return false;
            }
            QNetworkRequest req(m_url.resolved(QUrl(QStringLiteral("/-/ready"))));
            req.setTransferTimeout(1000);
            QNetworkReply *reply = nam.get(req);
            waitFor([reply] { return reply->isFinished(); }, 5000);
            const bool ready = reply->error() == QNetworkReply::NoError;
            delete reply;
            if (ready)
                return true;
            QThread::msleep(200);
        }
        *error = QStringLiteral("prometheus did not become ready within 60 s");
        return false;
    }
    QUrl url() const { return m_url; }

private:
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
    QString m_log;
};

/// A loopback HTTP/1.1 proxy in front of Prometheus that answers a request it has seen
/// before (same method, target, body and Accept-Encoding) with the bytes Prometheus
/// sent the first time. The first request of each kind - the whole "open" - goes to the
/// real server; refreshes of the same absolute range then cost the server nothing, so
/// 200 of them fit in the time budget and measure the client's re-decode and redraw.
class ReplayProxy final : public QObject
{
public:
    ReplayProxy(const QUrl &upstream, bool replay) : m_upstream(upstream), m_replay(replay)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
    }
    int forwarded() const { return m_forwarded; }
    int replayed() const { return m_replayed; }

private:
    void serve(QTcpSocket *socket)
    {
        if (socket->property("busy").toBool())
            return;
        QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
        for (;;) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                break;
            const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            QByteArray contentType, acceptEncoding;
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                const QByteArray name = lines[i].left(colon).trimmed().toLower();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                if (name == "content-length")
                    length = value.toLongLong();
                else if (name == "content-type")
                    contentType = value;
                else if (name == "accept-encoding")
                    acceptEncoding = value;
            }
            if (buffer.size() < headerEnd + 4 + length)
                break;
            const QByteArray body = buffer.mid(headerEnd + 4, length);
            buffer.remove(0, headerEnd + 4 + length);
            const QByteArray method = requestLine.value(0), target = requestLine.value(1);
            const QByteArray key = method + ' ' + target + '\n' + acceptEncoding + '\n' + body;
            if (m_replay) {
                if (auto it = m_cache.constFind(key); it != m_cache.constEnd()) {
                    ++m_replayed;
                    socket->write(*it);
                    continue;
                }
            }
            // Forward, and hold this connection's next requests until the answer is back.
            ++m_forwarded;
            socket->setProperty("busy", true);
            QNetworkRequest req(m_upstream.resolved(QUrl::fromEncoded(target)));
            if (!contentType.isEmpty())
                req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
            // Set by hand, so the body stays as Prometheus encoded it (gzip or not).
            req.setRawHeader("Accept-Encoding",
                             acceptEncoding.isEmpty() ? QByteArray("identity") : acceptEncoding);
            QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
            const QPointer<QTcpSocket> guard(socket);
            connect(reply, &QNetworkReply::finished, this, [this, reply, guard, key] {
                reply->deleteLater();
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray payload = reply->readAll();
                QByteArray response =
                    "HTTP/1.1 " + QByteArray::number(status ? status : 502) + " " +
                    reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray() +
                    "\r\n";
                for (const char *h : {"Content-Type", "Content-Encoding"})
                    if (reply->hasRawHeader(h))
                        response += QByteArray(h) + ": " + reply->rawHeader(h) + "\r\n";
                response +=
                    "Content-Length: " + QByteArray::number(payload.size()) + "\r\n\r\n" + payload;
                if (status == 200)
                    m_cache.insert(key, response);
                if (!guard)
                    return;
                guard->write(response);
                guard->setProperty("busy", false);
                serve(guard);
            });
            break;
        }
        socket->setProperty("buffer", buffer);
    }

    QUrl m_upstream;
    bool m_replay;
    QTcpServer m_server;
    QNetworkAccessManager m_nam;
    QHash<QByteArray, QByteArray> m_cache;
    int m_forwarded = 0;
    int m_replayed = 0;
};

QUrl queryUrl(const Options &o, int panel)
{
    QUrl url(o.prometheus);
    url.setPath(QStringLiteral("/api/v1/query_range"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("query"), metricName(panel));
    q.addQueryItem(QStringLiteral("start"), QString::number(o.startS));
    q.addQueryItem(QStringLiteral("end"),
                   QString::number(o.startS + qint64(o.points - 1) * kStepS));
    q.addQueryItem(QStringLiteral("step"), QString::number(kStepS));
    url.setQuery(q);
    return url;
}

/// Fetches every panel's query once and drops the answers: the first queries after
/// the start load the blocks, and neither client measured should pay for that.
bool warmUp(const Options &o, qint64 *bytes, QString *error)
{
    QNetworkAccessManager nam;
    int left = o.panels;
    *bytes = 0;
    for (int p = 0; p < o.panels; ++p) {
        QNetworkReply *reply = nam.get(QNetworkRequest(queryUrl(o, p)));
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &left, bytes, error] {
            const QByteArray body = reply->readAll();
            *bytes += body.size();
            if (reply->error() != QNetworkReply::NoError && error->isEmpty())
                *error = reply->errorString();
            --left;
            reply->deleteLater();
        });
    }
    return waitFor([&left] { return left == 0; }, 120000) && error->isEmpty();
}

// ---------------------------------------------------------------- child: dozor

QString writeDashboard(const Options &o)
{
    // Three panels across, so that each plot is wide enough (> 960 px) for a 60 s step
    // over the range; "interval": "1m" keeps it at 60 s on wider plots.
    QJsonArray panels;
    for (int p = 0; p < o.panels; ++p) {
        const QJsonObject target{{QStringLiteral("refId"), QStringLiteral("A")},
                                 {QStringLiteral("expr"), metricName(p)},
                                 {QStringLiteral("legendFormat"), QStringLiteral("{{series}}")}};
        const QJsonObject legend{{QStringLiteral("showLegend"), true},
                                 {QStringLiteral("displayMode"), QStringLiteral("list")},
                                 {QStringLiteral("placement"), QStringLiteral("bottom")}};
        panels.append(QJsonObject{
            {QStringLiteral("id"), p + 1},
            {QStringLiteral("type"), QStringLiteral("timeseries")},
            {QStringLiteral("title"), QStringLiteral("Panel %1 (%2 series)").arg(p).arg(o.series)},
            {QStringLiteral("gridPos"), QJsonObject{{QStringLiteral("x"), (p % 3) * 8},
                                                    {QStringLiteral("y"), (p / 3) * 8},
                                                    {QStringLiteral("w"), 8},
                                                    {QStringLiteral("h"), 8}}},
            {QStringLiteral("interval"), QStringLiteral("1m")},
            {QStringLiteral("maxDataPoints"), o.points},
            {QStringLiteral("options"), QJsonObject{{QStringLiteral("legend"), legend}}},
            {QStringLiteral("targets"), QJsonArray{target}}});
    }
    const qint64 endS = o.startS + qint64(o.points - 1) * kStepS;
    const QJsonObject dashboard{
        {QStringLiteral("title"), QStringLiteral("Dashboard benchmark")},
        {QStringLiteral("uid"), QStringLiteral("dozor-bench-dashboard")},
        {QStringLiteral("time"),
         QJsonObject{{QStringLiteral("from"), QString::number(o.startS * 1000)},
                     {QStringLiteral("to"), QString::number(endS * 1000)}}},
        {QStringLiteral("panels"), panels}};
    const QString path = QDir(o.dir).filePath(QStringLiteral("bench-dashboard.json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(dashboard).toJson()) < 0)
        return {};
    return path;
}

/// Tracks, per panel, that its data arrived and that its plot painted afterwards.
class PaintWatch final : public QObject
{
public:
    explicit PaintWatch(int panels) : m_panels(panels) { qApp->installEventFilter(this); }
    ~PaintWatch() override { qApp->removeEventFilter(this); }

    void reset()
    {
        m_finished.clear();
        m_painted.clear();
        m_doneNs = -1;
    }
    void setClock(const QElapsedTimer *clock) { m_clock = clock; }
    void dataArrived(int id, const PanelData &data)
    {
        if (!data.error.isEmpty() && m_error.isEmpty())
            m_error = QStringLiteral("panel %1: %2").arg(id).arg(data.error);
        m_finished.insert(id);
        m_painted.remove(id);
    }
    bool done() const { return m_doneNs >= 0; }
    /// Clock time (ns) at which the last panel's first paint after its data was over.
    qint64 doneNs() const { return m_doneNs; }
    QString error() const { return m_error; }
    QString progress() const
    {
        return QStringLiteral("%1 of %2 panels have data, %3 painted it")
            .arg(m_finished.size())
            .arg(m_panels)
            .arg(m_painted.size());
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || !watched->isWidgetType() || done())
            return false;
        // Only the chart's own surface counts: the viewport of the panel's QChartView.
        auto *view = qobject_cast<QChartView *>(watched->parent());
        if (!view || view->viewport() != watched)
            return false;
        const PanelWidget *panel = nullptr;
        for (QObject *o = view->parent(); o && !panel; o = o->parent())
            panel = qobject_cast<PanelWidget *>(o);
        if (!panel || !m_finished.contains(panel->panel().id))
            return false;
        // A chart counts once its new lines are on screen: a heavy chart's lines are
        // stroked on the pool while the previous image is shown (LineLayer).
        const auto *chart = qobject_cast<const ChartPanel *>(panel);
        if (chart && !chart->lineLayer()->isCurrent()) {
            QPointer<QObject> guard(const_cast<ChartPanel *>(chart));
            const int id = panel->panel().id;
            QTimer::singleShot(0, this, [this, guard, chart, id] {
                if (guard && chart->lineLayer()->isCurrent() && m_finished.contains(id))
                    markPainted(id);
            });
            return false;
        }
        markPainted(panel->panel().id);
        return false;
    }

private:
    void markPainted(int id)
    {
        m_painted.insert(id);
        if (m_painted.size() == m_panels && !m_endQueued) {
            // The paint is under way: take the time once it (and this frame) is over.
            m_endQueued = true;
            QTimer::singleShot(0, this, [this] {
                m_endQueued = false;
                if (m_painted.size() == m_panels)
                    m_doneNs = m_clock->nsecsElapsed();
            });
        }
    }

    int m_panels;
    const QElapsedTimer *m_clock = nullptr;
    QSet<int> m_finished;
    QSet<int> m_painted;
    qint64 m_doneNs = -1;
    bool m_endQueued = false;
    QString m_error;
};

QString checkWindow(MainWindow &w, const Options &o, qint64 *points)
{
    *points = 0;
    for (int p = 0; p < o.panels; ++p) {
        const PanelWidget *panel = w.panelWidget(p + 1);
        if (!panel)
            return QStringLiteral("panel %1 has no widget").arg(p);
        if (panel->visibleRegion().isEmpty())
            return QStringLiteral("panel %1 is not visible in the window").arg(p);
        const PanelData &d = panel->data();
        if (!d.error.isEmpty())
            return QStringLiteral("panel %1: %2").arg(p).arg(d.error);
        if (int(d.series.size()) != o.series)
            return QStringLiteral("panel %1: %2 series, expected %3")
                .arg(p)
                .arg(d.series.size())
                .arg(o.series);
        if (std::llround(d.stepSeconds) != kStepS)
            return QStringLiteral("panel %1: step %2 s, expected %3 s")
                .arg(p)
                .arg(d.stepSeconds)
                .arg(kStepS);
        QSet<int> seen;
        for (const PanelSeries &s : d.series) {
            bool ok = false;
            const int index = s.labels.value(QStringLiteral("series")).toInt(&ok);
            if (!ok || index < 0 || index >= o.series || seen.contains(index) ||
                s.labels.value(QStringLiteral("__name__")) != metricName(p))
                return QStringLiteral("panel %1: unexpected series %2").arg(p).arg(s.name);
            seen.insert(index);
            const QString diff = checkSeries(
                p, index, [&s] { return qsizetype(s.values.size()); },
                [&s](qsizetype k) {
                    return std::make_pair(s.timestampsMs[size_t(k)], s.values[size_t(k)]);
                },
                o);
            if (!diff.isEmpty())
                return diff;
            *points += qint64(s.values.size());
        }
    }
    return {};
}

int measureDozor(const Options &o)
{
    QJsonObject out;
    out.insert(QStringLiteral("nice"), ::getpriority(PRIO_PROCESS, 0));
    const auto finish = [&out, &o](const QString &error) {
        out.insert(QStringLiteral("error"), error);
        QFile f(o.result);
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(out).toJson());
        return error.isEmpty() ? 0 : 1;
    };
    const QString path = writeDashboard(o);
    if (path.isEmpty())
        return finish(QStringLiteral("cannot write the dashboard file"));

    // No alerting, no traces: ports bound but closed, answered at once with "refused".
    const ClosedPort noAlertmanager;
    const ClosedPort noJaeger;
    Endpoints e;
    e.prometheus = QUrl(o.prometheus);
    e.alertmanager = noAlertmanager.url();
    e.jaeger = noJaeger.url();

    QElapsedTimer clock;
    clock.start();
    Heartbeat heartbeat;
    PaintWatch watch(o.panels);
    watch.setClock(&clock);

    MainWindow w(e);
    // About a 4K screen: all 24 panels visible at once, three across, each plot
    // wider than 960 px (so the planner asks for one point a minute over the range).
    const int rows = (o.panels + 2) / 3;
    w.resize(3840, std::max(1200, 500 + rows * 8 * 30 * 3 / 2));
    w.show();
    QObject::connect(w.page(), &DashboardPage::panelFinished, &watch, &PaintWatch::dataArrived);
    // Let the empty window settle (first paint, docks, their first requests).
    waitFor([] { return false; }, 1500);

    memDiag("before", &w);
    const qint64 before = residentBytes();
    heartbeat.begin();
    // With DOZOR_BENCH_STALLS, the call is marked for strace (a file that is not there).
    const bool markCall = qEnvironmentVariableIsSet("DOZOR_BENCH_STALLS");
    if (markCall)
        QFile::exists(QStringLiteral("/dozor-bench-open-call-begins"));
    rusage use0{};
    getrusage(RUSAGE_THREAD, &use0);
    const qint64 t0 = clock.nsecsElapsed();
    if (!w.openDashboard(path))
        return finish(QStringLiteral("openDashboard failed"));
    out.insert(QStringLiteral("openCallMs"), double(clock.nsecsElapsed() - t0) / 1e6);
    {
        rusage use1{};
        getrusage(RUSAGE_THREAD, &use1);
        const auto ms = [](const timeval &a, const timeval &b) {
            return double(b.tv_sec - a.tv_sec) * 1e3 + double(b.tv_usec - a.tv_usec) / 1e3;
        };
        out.insert(QStringLiteral("openCallCpuMs"),
                   ms(use0.ru_utime, use1.ru_utime) + ms(use0.ru_stime, use1.ru_stime));
        out.insert(QStringLiteral("openCallFaults"), double(use1.ru_minflt - use0.ru_minflt));
    }
    if (markCall)
        QFile::exists(QStringLiteral("/dozor-bench-open-call-ends"));
    const bool opened =
        waitFor([&watch] { return watch.done() || !watch.error().isEmpty(); }, 120000);
    const double stall = heartbeat.end();
    if (!watch.error().isEmpty())
        return finish(watch.error());
    if (!opened) {
        QStringList hidden;
        for (int p = 0; p < o.panels; ++p)
            if (const PanelWidget *panel = w.panelWidget(p + 1);
                !panel || panel->visibleRegion().isEmpty())
                hidden << QString::number(p);
        return finish(
            QStringLiteral("not every panel painted its data within 120 s: %1; not visible: %2")
                .arg(watch.progress(), hidden.join(QLatin1Char(' '))));
    }
    const double openMs = double(watch.doneNs() - t0) / 1e6;
    const qint64 after = residentBytes();
    memDiag("after", &w);
    // What a dashboard left open holds: once idle, Dozor frees the buffers it recycles
    // between decodes and paints and trims the heap (IdleReclaim).
    const int reclaims = IdleReclaim::reclaimCount();
    waitFor([reclaims] { return IdleReclaim::reclaimCount() > reclaims; }, 10 * IdleReclaim::kIdleMs);
    const qint64 settled = residentBytes();
    memDiag("settled", &w);
    if (qgetenv("DOZOR_BENCH_MEMDIAG") == "exit")
        ::_exit(3);
    // What the allocator still keeps of freed memory (reply bodies, decode buffers):
    // malloc_trim shows how much of it that is.
    malloc_trim(0);
    const qint64 trimmed = residentBytes();

    qint64 points = 0;
    const QString bad = checkWindow(w, o, &points);
    if (!bad.isEmpty())
        return finish(bad);
    std::vector<const PanelWidget *> widgets;
    // Where the memory goes: the panels' point arrays, the bodies the panel inspector
    // keeps of each panel's last run, and the images the charts keep of their lines.
    double arrays = 0, recorded = 0, images = 0;
    std::set<const void *> blocks; // columns share blocks: count each once
    const auto addBlock = [&](const auto &c) {
        if (c.blockId() && blocks.insert(c.blockId()).second)
            arrays += double(c.blockBytes());
    };
    for (int p = 0; p < o.panels; ++p) {
        widgets.push_back(w.panelWidget(p + 1));
        if (const auto *chart = qobject_cast<const ChartPanel *>(widgets.back()))
            images += double(chart->lineLayer()->imageBytes());
        for (const PanelSeries &s : widgets.back()->data().series) {
            addBlock(s.timestampsMs);
            addBlock(s.values);
        }
        if (const PanelRunRecord *run = w.page()->queries()->lastRun(p + 1))
            for (const PanelQueryRecord &q : run->queries)
                recorded += double(q.deflatedResponse.capacity());
    }
    out.insert(QStringLiteral("arrayBytes"), arrays);
    out.insert(QStringLiteral("recordedBytes"), recorded);
    out.insert(QStringLiteral("imageBytes"), images);

    out.insert(QStringLiteral("openMs"), openMs);
    out.insert(QStringLiteral("stallMs"), stall);
    out.insert(QStringLiteral("rssBefore"), double(before));
    out.insert(QStringLiteral("rssAfter"), double(after));
    out.insert(QStringLiteral("rssSettled"), double(settled));
    out.insert(QStringLiteral("rssTrimmed"), double(trimmed));
    out.insert(QStringLiteral("points"), double(points));

    // Refreshes, back to back, each until every panel has repainted its new data.
    std::vector<double> refreshMs, refreshStalls;
    // Memory is compared from refresh 20 of 200 on (a tenth in), when caches and the
    // allocator's pools have reached their size.
    const int mark = std::clamp(o.refreshes / 10, 1, 20);
    // Each sample: resident memory as the refresh ends (busy: buffers in recycling,
    // the heap as the last decodes left it) and once settled (idle, recycled buffers
    // freed and the heap trimmed, as after the open). Growth is judged on the settled
    // figure: memory a refresh leaks or keeps stays there; the busy one moves by a few
    // MB with what happened to be in flight. The wait is not counted in the budget.
    qint64 settleWaitMs = 0;
    const auto sample = [&w, &out, &settleWaitMs](const char *key) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
        out.insert(QStringLiteral("rss_") + QLatin1String(key), double(residentBytes()));
        QElapsedTimer wait;
        wait.start();
        const int reclaims = IdleReclaim::reclaimCount();
        waitFor([reclaims] { return IdleReclaim::reclaimCount() > reclaims; }, 10 * IdleReclaim::kIdleMs);
        out.insert(QStringLiteral("rssSettled_") + QLatin1String(key), double(residentBytes()));
        settleWaitMs += wait.elapsed();
        out.insert(QStringLiteral("objects_") + QLatin1String(key),
                   double(w.findChildren<QObject *>().size()));
    };
    QElapsedTimer budget;
    budget.start();
    int made = 0;
    for (int r = 1; r <= o.refreshes; ++r) {
        // A slow client must not hold the benchmark for half an hour: stop at the budget
        // (once past the first sample) and say how many refreshes were made.
        if (r > mark + 1 && budget.elapsed() - settleWaitMs > qint64(o.refreshBudgetS) * 1000)
            break;
        watch.reset();
        heartbeat.begin();
        const qint64 t = clock.nsecsElapsed();
        w.refresh();
        const bool done =
            waitFor([&watch] { return watch.done() || !watch.error().isEmpty(); }, 60000);
        refreshStalls.push_back(heartbeat.end());
        if (!watch.error().isEmpty())
            return finish(QStringLiteral("refresh %1: %2").arg(r).arg(watch.error()));
        if (!done)
            return finish(QStringLiteral("refresh %1: not every panel repainted within 60 s: %2")
                              .arg(r)
                              .arg(watch.progress()));
        refreshMs.push_back(double(watch.doneNs() - t) / 1e6);
        if (r == 1 || r % 10 == 0)
            std::fprintf(stderr, "  ... refresh %d of %d: %.0f ms, longest stall %.0f ms\n", r,
                         o.refreshes, refreshMs.back(), refreshStalls.back());
        made = r;
        if (r == mark)
            sample("mark");
    }
    sample("last");
    out.insert(QStringLiteral("refreshesDone"), made);
    qint64 refreshedPoints = 0;
    const QString badAfter = checkWindow(w, o, &refreshedPoints);
    if (!badAfter.isEmpty())
        return finish(QStringLiteral("after the refreshes: ") + badAfter);
    bool sameWidgets = true;
    for (int p = 0; p < o.panels; ++p)
        sameWidgets &= w.panelWidget(p + 1) == widgets[size_t(p)];
    out.insert(QStringLiteral("refreshMedianMs"), median(refreshMs));
    out.insert(QStringLiteral("refreshMaxMs"),
               refreshMs.empty() ? kNaN : *std::max_element(refreshMs.begin(), refreshMs.end()));
    out.insert(QStringLiteral("refreshStallMs"),
               *std::max_element(refreshStalls.begin(), refreshStalls.end()));
    out.insert(QStringLiteral("refreshStallMedianMs"), median(refreshStalls));
    out.insert(QStringLiteral("refreshMark"), mark);
    out.insert(QStringLiteral("sameWidgets"), sameWidgets);
    return finish({});
}

// ---------------------------------------------------------------- child: naive

/// The baseline's series: labels and every point as a QPointF (ms, value).
struct NaiveSeries
{
    QMap<QString, QString> labels;
    QVector<QPointF> points;
};

std::vector<NaiveSeries> naiveDecode(const QByteArray &body)
{
    std::vector<NaiveSeries> out;
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonArray result =
        root.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
    for (const QJsonValue &sv : result) {
        const QJsonObject so = sv.toObject();
        NaiveSeries s;
        const QJsonObject metric = so.value(QLatin1String("metric")).toObject();
        for (auto it = metric.begin(); it != metric.end(); ++it)
            s.labels.insert(it.key(), it.value().toString());
        const QJsonArray values = so.value(QLatin1String("values")).toArray();
        for (const QJsonValue &pv : values) {
            const QJsonArray pair = pv.toArray();
            s.points.append(
                QPointF(pair.at(0).toDouble() * 1000.0, pair.at(1).toString().toDouble()));
        }
        out.push_back(std::move(s));
    }
    return out;
}

int measureNaive(const Options &o)
{
    QJsonObject out;
    out.insert(QStringLiteral("nice"), ::getpriority(PRIO_PROCESS, 0));
    const auto finish = [&out, &o](const QString &error) {
        out.insert(QStringLiteral("error"), error);
        QFile f(o.result);
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(out).toJson());
        return error.isEmpty() ? 0 : 1;
    };
    QElapsedTimer clock;
    clock.start();
    Heartbeat heartbeat;
    QNetworkAccessManager nam;
    {
        // The network stack's one-time set-up is not the decode's cost.
        QNetworkReply *ping =
            nam.get(QNetworkRequest(QUrl(o.prometheus).resolved(QUrl(QStringLiteral("/-/ready")))));
        waitFor([ping] { return ping->isFinished(); }, 10000);
        delete ping;
    }
    waitFor([] { return false; }, 300);

    std::vector<std::vector<NaiveSeries>> panels(size_t(o.panels));
    int left = o.panels;
    QString error;
    qint64 received = 0;
    const qint64 before = residentBytes();
    heartbeat.begin();
    const qint64 t0 = clock.nsecsElapsed();
    for (int p = 0; p < o.panels; ++p) {
        QNetworkReply *reply = nam.get(QNetworkRequest(queryUrl(o, p)));
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, p] {
            if (reply->error() != QNetworkReply::NoError && error.isEmpty())
                error = QStringLiteral("panel %1: %2").arg(p).arg(reply->errorString());
            const QByteArray body = reply->readAll();
            received += body.size();
            panels[size_t(p)] = naiveDecode(body);
            --left;
            reply->deleteLater();
        });
    }
    const bool done = waitFor([&left] { return left == 0; }, 120000);
    const double openMs = double(clock.nsecsElapsed() - t0) / 1e6;
    const double stall = heartbeat.end();
    if (!done)
        return finish(QStringLiteral("the queries did not finish within 120 s"));
    if (!error.isEmpty())
        return finish(error);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const qint64 after = residentBytes();
    malloc_trim(0);
    const qint64 trimmed = residentBytes();

    qint64 points = 0;
    for (int p = 0; p < o.panels; ++p) {
        const std::vector<NaiveSeries> &series = panels[size_t(p)];
        if (int(series.size()) != o.series)
            return finish(QStringLiteral("panel %1: %2 series, expected %3")
                              .arg(p)
                              .arg(series.size())
                              .arg(o.series));
        for (const NaiveSeries &s : series) {
            const int index = s.labels.value(QStringLiteral("series")).toInt();
            const QString diff = checkSeries(
                p, index, [&s] { return s.points.size(); },
                [&s](qsizetype k) { return std::make_pair(s.points[k].x(), s.points[k].y()); }, o);
            if (!diff.isEmpty())
                return finish(diff);
            points += s.points.size();
        }
    }
    out.insert(QStringLiteral("openMs"), openMs);
    out.insert(QStringLiteral("stallMs"), stall);
    out.insert(QStringLiteral("rssBefore"), double(before));
    out.insert(QStringLiteral("rssAfter"), double(after));
    out.insert(QStringLiteral("rssTrimmed"), double(trimmed));
    out.insert(QStringLiteral("points"), double(points));
    out.insert(QStringLiteral("bytes"), double(received));
    return finish({});
}

// ---------------------------------------------------------------- orchestration

const char *verdict(bool pass)
{
    return pass ? "PASS" : "MISS";
}

QJsonObject runChild(const QString &which, const Options &o, const QString &dir, QString *error)
{
    const QString result = QDir(dir).filePath(which + QStringLiteral("-result.json"));
    QFile::remove(result);
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The window's settings, recent files and session go to the temporary directory.
    for (const char *var : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        env.insert(QLatin1String(var),
                   QDir(dir).filePath(QStringLiteral("home/") + QLatin1String(var)));
    if (env.value(QStringLiteral("QT_QPA_PLATFORM")).isEmpty())
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.setChildProcessModifier([] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        // The measured client at the usual priority again (this thread - the proxy's -
        // runs at the server side's nice; going back needs CAP_SYS_NICE: where that is
        // missing the client stays at nice 10 with the proxy, as the bench prints).
        ::setpriority(PRIO_PROCESS, 0, 0);
    });
    // DOZOR_BENCH_WRAP=<program>: Dozor's measured child runs under it (a profiler such
    // as heaptrack, or a script running perf record), for finding where time and memory go.
    const QString wrap = qEnvironmentVariable("DOZOR_BENCH_WRAP");
    const bool wrapped = !wrap.isEmpty() && which == QLatin1String("dozor");
    p.start(wrapped ? wrap : QCoreApplication::applicationFilePath(),
            (wrapped ? QStringList{QCoreApplication::applicationFilePath()} : QStringList()) +
                                                     QStringList{QStringLiteral("--measure"),
                                                      which,
                                                      QStringLiteral("--prometheus"),
                                                      o.prometheus,
                                                      QStringLiteral("--start-s"),
                                                      QString::number(o.startS),
                                                      QStringLiteral("--panels"),
                                                      QString::number(o.panels),
                                                      QStringLiteral("--series"),
                                                      QString::number(o.series),
                                                      QStringLiteral("--points"),
                                                      QString::number(o.points),
                                                      QStringLiteral("--refreshes"),
                                                      QString::number(o.refreshes),
                                                      QStringLiteral("--refresh-budget"),
                                                      QString::number(o.refreshBudgetS),
                                                      QStringLiteral("--result"),
                                                      result,
                                                      QStringLiteral("--dir"),
                                                      dir});
    // The proxy in this process serves the child: wait in the event loop.
    if (!p.waitForStarted(10000) ||
        !waitFor([&p] { return p.state() == QProcess::NotRunning; }, 900000) ||
        p.exitStatus() != QProcess::NormalExit) {
        *error = QStringLiteral("the %1 measurement crashed").arg(which);
        return {};
    }
    QFile f(result);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the %1 measurement wrote no result").arg(which);
        return {};
    }
    const QJsonObject o2 = QJsonDocument::fromJson(f.readAll()).object();
    if (!o2.value(QLatin1String("error")).toString().isEmpty())
        *error = QStringLiteral("%1: %2").arg(which, o2.value(QLatin1String("error")).toString());
    return o2;
}

QString cpuModel()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n'))
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    return QStringLiteral("unknown CPU");
}

int orchestrate(Options o)
{
    QElapsedTimer total;
    total.start();
    const qint64 points = qint64(o.panels) * o.series * o.points;
    std::printf("dashboard benchmark (issue #6, target 3): %d panels x %d series x %d points = "
                "%lld points\n",
                o.panels, o.series, o.points, static_cast<long long>(points));
    std::printf("  machine: %s, %d cores online; Qt %s\n", qPrintable(cpuModel()),
                int(sysconf(_SC_NPROCESSORS_ONLN)), qVersion());
    for (const char *tool : {"prometheus", "promtool"}) {
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty()) {
            std::printf("  ERROR: %s is not installed (scripts/install-deps.sh installs it)\n",
                        tool);
            return 1;
        }
    }
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::printf("  ERROR: cannot create a temporary directory\n");
        return 1;
    }
    // Points every minute, ending a minute before now, so the range is wholly past.
    const qint64 nowS = QDateTime::currentSecsSinceEpoch();
    o.startS = (nowS / kStepS - 1) * kStepS - qint64(o.points - 1) * kStepS;

    QString error;
    QElapsedTimer t;
    t.start();
    const QString om = dir.filePath(QStringLiteral("history.om"));
    if (!writeOpenMetrics(om, o, &error)) {
        std::printf("  ERROR: %s\n", qPrintable(error));
        return 1;
    }
    const double genMs = msSince(t);
    const qint64 omBytes = QFileInfo(om).size();
    t.restart();
    const QString data = dir.filePath(QStringLiteral("data"));
    if (!runTool(QStringLiteral("promtool"),
                 {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"),
                  QStringLiteral("openmetrics"), om, data},
                 300000, &error)) {
        std::printf("  ERROR: %s\n", qPrintable(error));
        return 1;
    }
    QFile::remove(om);
    const double promtoolMs = msSince(t);
    t.restart();
    BenchPrometheus server;
    if (!server.start(dir.path(), data, &error)) {
        std::printf("  ERROR: %s\n", qPrintable(error));
        return 1;
    }
    o.prometheus = server.url().toString();
    const double startMs = msSince(t);
    t.restart();
    qint64 warmBytes = 0;
    if (!warmUp(o, &warmBytes, &error)) {
        std::printf("  ERROR: warm-up queries failed: %s\n", qPrintable(error));
        return 1;
    }
    ReplayProxy proxy(server.url(), o.replay);
    if (!proxy.listen()) {
        std::printf("  ERROR: cannot listen on loopback\n");
        return 1;
    }
    o.prometheus = proxy.url().toString();
    // The replay proxy (this thread) is server side too: nice 10 like Prometheus.
    ::setpriority(PRIO_PROCESS, 0, kServerNice);
    std::printf("  set-up: OpenMetrics %.0f MB written in %.1f s, promtool backfill %.1f s, "
                "prometheus ready in "
                "%.1f s, warm-up fetch of all panels (%.1f MB of JSON) %.1f s\n",
                double(omBytes) / 1e6, genMs / 1000, promtoolMs / 1000, startMs / 1000,
                double(warmBytes) / 1e6, msSince(t) / 1000);
    std::fflush(stdout);

    const QJsonObject naive = runChild(QStringLiteral("naive"), o, dir.path(), &error);
    if (!error.isEmpty()) {
        std::printf("  ERROR: %s\n", qPrintable(error));
        return 1;
    }
    t.restart();
    const QJsonObject dozor = runChild(QStringLiteral("dozor"), o, dir.path(), &error);
    if (!error.isEmpty()) {
        std::printf("  ERROR: %s\n", qPrintable(error));
        return 1;
    }
    const double dozorRunMs = msSince(t);
    std::printf("  requests: %d forwarded to Prometheus, %d replayed from its earlier answers%s\n",
                proxy.forwarded(), proxy.replayed(), o.replay ? "" : " (--no-replay)");
    std::printf("  priorities: Prometheus and the proxy at nice %d (the server side, another "
                "machine in use); the clients at nice %d and %d\n",
                kServerNice, naive.value(QLatin1String("nice")).toInt(-99),
                dozor.value(QLatin1String("nice")).toInt(-99));

    const auto num = [](const QJsonObject &j, const char *key) {
        return j.value(QLatin1String(key)).toDouble(kNaN);
    };
    const double nPoints = num(dozor, "points");
    const double naiveBpp =
        (num(naive, "rssAfter") - num(naive, "rssBefore")) / num(naive, "points");
    const double naiveTrimBpp =
        (num(naive, "rssTrimmed") - num(naive, "rssBefore")) / num(naive, "points");
    const double dozorBpp = (num(dozor, "rssAfter") - num(dozor, "rssBefore")) / nPoints;
    const double dozorTrimBpp = (num(dozor, "rssTrimmed") - num(dozor, "rssBefore")) / nPoints;
    const double dozorSettledBpp = (num(dozor, "rssSettled") - num(dozor, "rssBefore")) / nPoints;
    const double rssMark = num(dozor, "rss_mark"), rssLast = num(dozor, "rss_last");
    const double settledMark = num(dozor, "rssSettled_mark"), settledLast = num(dozor, "rssSettled_last");
    const double busyGrowth = (rssLast - rssMark) / rssMark * 100;
    const double growth = (settledLast - settledMark) / settledMark * 100;
    const int mark = int(num(dozor, "refreshMark"));
    const int made = int(num(dozor, "refreshesDone"));

    std::printf("  both clients got exactly the generated points: %.0f each (%.1f MB of JSON per "
                "full fetch)\n",
                nPoints, num(naive, "bytes") / 1e6);
    std::printf("\n  open (request to every panel decoded; Dozor: openDashboard to every panel "
                "painted):\n");
    std::printf("    %-44s %9s %11s %13s %13s %13s\n", "", "time ms", "stall ms", "RSS B/point",
                "settled", "after trim");
    std::printf("    %-44s %9.0f %11.1f %13.1f %13s %13.1f\n",
                "baseline: QNetworkAccessManager + QJsonDocument", num(naive, "openMs"),
                num(naive, "stallMs"), naiveBpp, "-", naiveTrimBpp);
    std::printf("    %-44s %9.0f %11.1f %13.1f %13.1f %13.1f\n", "Dozor: MainWindow::openDashboard",
                num(dozor, "openMs"), num(dozor, "stallMs"), dozorBpp, dozorSettledBpp, dozorTrimBpp);
    std::printf("    (Dozor's openDashboard call itself, loading the file and laying out the panels' "
                "frames: %.1f ms; the UI thread on a CPU %.1f ms of it, %.0f page faults)\n",
                num(dozor, "openCallMs"), num(dozor, "openCallCpuMs"), num(dozor, "openCallFaults"));
    std::printf(
        "    ratios baseline/Dozor: time %.2fx, longest stall %.1fx, memory per point %.2fx\n",
        num(naive, "openMs") / num(dozor, "openMs"), num(naive, "stallMs") / num(dozor, "stallMs"),
        naiveBpp / dozorBpp);
    std::printf("    (RSS B/point: resident memory after minus before, over the points held, as the "
                "last panel\n"
                "     painted; 'settled': once Dozor, idle, freed its recycled buffers and trimmed "
                "its heap -\n"
                "     what a dashboard left open holds, the figure the target is about; 'after "
                "trim': the\n"
                "     same after one more malloc_trim(0) by the benchmark)\n");
    std::printf("    Dozor holds: the panels' point arrays %.1f B/point; the panel inspector's "
                "recorded bodies %.1f "
                "B/point;\n     the plots' kept images %.1f B/point\n",
                num(dozor, "arrayBytes") / nPoints, num(dozor, "recordedBytes") / nPoints,
                num(dozor, "imageBytes") / nPoints);
    std::printf("\n  %d refreshes back to back (MainWindow::refresh, each until every panel "
                "repainted), %.0f s "
                "with the open:\n",
                made, dozorRunMs / 1000);
    if (made < o.refreshes)
        std::printf("    STOPPED after %d of %d refreshes: the %d s budget for refreshes ran out "
                    "(--refresh-budget)\n",
                    made, o.refreshes, o.refreshBudgetS);
    std::printf("    refresh: median %.0f ms, slowest %.0f ms; longest stall per refresh: median "
                "%.1f ms, worst %.1f ms\n",
                num(dozor, "refreshMedianMs"), num(dozor, "refreshMaxMs"),
                num(dozor, "refreshStallMedianMs"), num(dozor, "refreshStallMs"));
    std::printf("    resident memory settled after refresh %d: %.1f MB, after refresh %d: %.1f MB, "
                "growth %+.2f%%\n",
                mark, settledMark / 1e6, made, settledLast / 1e6, growth);
    std::printf("    (as the refresh ended, before settling: %.1f MB and %.1f MB, %+.2f%%)\n",
                rssMark / 1e6, rssLast / 1e6, busyGrowth);
    std::printf("    QObjects in the window after refresh %d: %.0f, after refresh %d: %.0f; panel "
                "widgets %s\n",
                mark, num(dozor, "objects_mark"), made, num(dozor, "objects_last"),
                dozor.value(QLatin1String("sameWidgets")).toBool() ? "kept (not rebuilt)"
                                                                   : "REBUILT");

    std::printf("\n  targets:\n");
    bool allMet = true;
    const auto target = [&allMet](const QString &what, bool pass) {
        std::printf("    %-66s %s\n", qPrintable(what), verdict(pass));
        allMet = allMet && pass;
    };
    target(QStringLiteral("longest UI stall while opening < %1 ms (%2 ms)")
               .arg(kStallTargetMs)
               .arg(num(dozor, "stallMs"), 0, 'f', 1),
           num(dozor, "stallMs") < kStallTargetMs);
    target(QStringLiteral("resident memory < %1 bytes per stored point (%2, settled)")
               .arg(kBytesPerPointTarget)
               .arg(dozorSettledBpp, 0, 'f', 1),
           dozorSettledBpp < kBytesPerPointTarget);
    target(QStringLiteral("no growth across refreshes %1..%2 of %3 (%4% settled, allowed %5%)")
               .arg(mark)
               .arg(made)
               .arg(o.refreshes)
               .arg(growth, 0, 'f', 2)
               .arg(kGrowthTargetPercent),
           growth < kGrowthTargetPercent && made == o.refreshes);
    target(QStringLiteral("a refresh keeps the panels (re-decodes and redraws only)"),
           dozor.value(QLatin1String("sameWidgets")).toBool() &&
               num(dozor, "objects_last") <= num(dozor, "objects_mark"));
    std::printf("\n  whole benchmark: %.0f s\n", msSince(total) / 1000);
    return allMet || o.quick ? 0 : 1;
}

} // namespace

/// With DOZOR_BENCH_STALLS set (a diagnostic, not a measurement): every event the
/// application delivers that takes longer than that many ms is printed with its type,
/// receiver and nesting depth, innermost first - where a UI-thread stall comes from.
class StallApplication : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        static const double limitMs = qEnvironmentVariableIntValue("DOZOR_BENCH_STALLS");
        if (limitMs <= 0)
            return QApplication::notify(receiver, event);
        const int type = int(event->type());
        const char *cls = receiver->metaObject()->className();
        const QString name = receiver->objectName();
        // (the receiver may be gone after notify(): a deferred delete)
        const char *parentClass = receiver->parent() ? receiver->parent()->metaObject()->className() : "";
        if (m_depth > 0 && type == 77 && qEnvironmentVariableIsSet("DOZOR_BENCH_STALL_TRACE") && m_traces++ < 3) {
            void *frames[40];
            const int n = backtrace(frames, 40);
            fprintf(stderr, "---- nested UpdateRequest\n");
            backtrace_symbols_fd(frames, n, 2);
        }
        QElapsedTimer timer;
        timer.start();
        const double cpu0 = threadCpuMs();
        ++m_depth;
        const bool done = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (m_depth == 0 && ms >= 0.5 && QThread::currentThread() == thread())
            gapEvents().push_back(std::to_string(type) + " " + cls + "(" + parentClass + " " +
                                  qPrintable(name) + ") " + std::to_string(int(ms * 10) / 10.0).substr(0, 5));
        if (ms >= limitMs)
            fprintf(stderr, "  stall depth %d: %.1f ms (UI thread on a CPU %.1f ms): event %d to %s %s\n",
                    m_depth, ms, threadCpuMs() - cpu0, type, cls, qPrintable(name));
        return done;
    }

private:
    static double threadCpuMs()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }
    static inline thread_local int m_depth = 0; // events reach notify() from every thread
    int m_traces = 0;
};

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    StallApplication app(argc, argv);
    Options o;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        const auto intArg = [&](int &out, int min) {
            out = std::max(min, args[++i].toInt());
        };
        if (args[i] == QLatin1String("--panels") && hasValue)
            intArg(o.panels, 1);
        else if (args[i] == QLatin1String("--series") && hasValue)
            intArg(o.series, 1);
        else if (args[i] == QLatin1String("--points") && hasValue)
            intArg(o.points, 2);
        else if (args[i] == QLatin1String("--refreshes") && hasValue)
            intArg(o.refreshes, 1);
        else if (args[i] == QLatin1String("--refresh-budget") && hasValue)
            intArg(o.refreshBudgetS, 1);
        else if (args[i] == QLatin1String("--quick")) {
            o.quick = true;
            o.panels = 4;
            o.series = 20;
            o.refreshes = 5;
        } else if (args[i] == QLatin1String("--no-replay"))
            o.replay = false;
        else if (args[i] == QLatin1String("--measure") && hasValue)
            o.measure = args[++i];
        else if (args[i] == QLatin1String("--prometheus") && hasValue)
            o.prometheus = args[++i];
        else if (args[i] == QLatin1String("--start-s") && hasValue)
            o.startS = args[++i].toLongLong();
        else if (args[i] == QLatin1String("--result") && hasValue)
            o.result = args[++i];
        else if (args[i] == QLatin1String("--dir") && hasValue)
            o.dir = args[++i];
        else {
            std::fprintf(
                stderr,
                "usage: bench_dashboard [--panels N] [--series N] [--points N] [--refreshes N] "
                "[--refresh-budget S] [--quick] [--no-replay]\n");
            return 2;
        }
    }
    if (o.measure == QLatin1String("dozor")) {
        IdleReclaim::configureAllocator(); // as Dozor's main() does
        return measureDozor(o);
    }
    if (o.measure == QLatin1String("naive"))
        return measureNaive(o);
    return orchestrate(o);
}
