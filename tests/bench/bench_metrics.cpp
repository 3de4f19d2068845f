// Metrics benchmark (issue #6, targets 1, 2 and 5): decoding a query_range response
// into the series store, repainting a chart panel after a data change and a zoom, and
// the command line's start-up. Every figure is printed with its baseline measured in
// the same run, interleaved, as the median of several runs, with PASS/FAIL per target;
// the exit code is non-zero when a target or a correctness check fails.
//
//   bench_metrics [--runs N] [--series N] [--points N] [--draw-series N]
//                 [--draw-points N] [--only decode|draw|startup] [--save-images DIR]
//                 [--no-timing] [--profile change|zoom|repaint]
//
// --no-timing (the ctest smoke run) checks only correctness: the decoded values are the
// generated ones, the baselines agree, and the decimated chart looks like the full one.
#include "chartpanel.h"
#include "linelayer.h"
#include "dashboard.h"
#include "dashboardqueries.h"
#include "prometheusdecoder.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QValueAxis>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include <malloc.h>

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

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
    int below(int n) { return int(next() % quint64(n)); }
    double unit() { return double(next() >> 11) / double(1ULL << 53); }

private:
    quint64 m_state;
};

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

bool report(const char *what, bool pass)
{
    std::printf("  %-64s %s\n", what, pass ? "PASS" : "FAIL");
    return pass;
}

bool sameDouble(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

// ---------------------------------------------------------------- 1. decode

struct GenSeries
{
    Labels labels;
    std::vector<double> values; // exactly the doubles the text spells
};

struct GenResponse
{
    QByteArray body;
    std::vector<GenSeries> series;
    double startS = 0;
    double stepS = 0;
    int points = 0;
};

// A sample value as Prometheus writes it: Go's strconv.FormatFloat(v, 'f', -1, 64),
// the shortest digits that read back as the same double, never an exponent.
void appendValue(QByteArray &out, double v)
{
    if (std::isnan(v)) {
        out += "NaN";
    } else if (std::isinf(v)) {
        out += v > 0 ? "+Inf" : "-Inf";
    } else {
        char buf[400];
        const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
        out.append(buf, qsizetype(r.ptr - buf));
    }
}

// Realistic kinds of series, by share: rate() results (shortest round-trip, mostly
// 16-17 significant digits), gauges with a few decimals, integer counters and
// gauges, latency quantiles with NaN gaps and the odd +Inf, histogram buckets.
GenResponse generateResponse(int seriesCount, int points)
{
    GenResponse g;
    g.startS = 1700000000;
    g.stepS = 60;
    g.points = points;
    Rng rng(0xd020f5eedULL);
    static const char *const modes[] = {"user", "system", "iowait", "idle", "irq", "softirq", "steal"};
    static const char *const handlers[] = {"/api/v1/query_range", "/api/v1/sessions/{id}/answers",
                                           "/healthz", "/metrics", "/api/v1/users/{id}"};
    static const char *const les[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};
    QByteArray &b = g.body;
    b.reserve(qsizetype(seriesCount) * points * 26 + 4096);
    b += R"({"status":"success","data":{"resultType":"matrix","result":[)";
    for (int s = 0; s < seriesCount; ++s) {
        GenSeries gs;
        const int kind = s % 20 < 6 ? 0 : s % 20 < 12 ? 1 : s % 20 < 17 ? 2 : s % 20 < 19 ? 3 : 4;
        const QString instance = QStringLiteral("10.0.%1.%2:9100").arg(s / 200).arg(s % 200);
        Labels &l = gs.labels;
        l.insert(QStringLiteral("instance"), instance);
        l.insert(QStringLiteral("job"), kind == 3 || kind == 4 ? QStringLiteral("rust-api") : QStringLiteral("node"));
        switch (kind) {
        case 0:
            l.insert(QStringLiteral("cpu"), QString::number(s % 16));
            l.insert(QStringLiteral("mode"), QLatin1String(modes[s % 7]));
            break;
        case 1:
            l.insert(QStringLiteral("__name__"), QStringLiteral("node_load1"));
            break;
        case 2:
            l.insert(QStringLiteral("__name__"), QStringLiteral("node_network_receive_bytes_total"));
            l.insert(QStringLiteral("device"), QStringLiteral("eth%1").arg(s % 4));
            break;
        case 3:
            l.insert(QStringLiteral("handler"), QLatin1String(handlers[s % 5]));
            l.insert(QStringLiteral("quantile"), QStringLiteral("0.95"));
            l.insert(QStringLiteral("method"), QStringLiteral("POST"));
            break;
        default:
            l.insert(QStringLiteral("__name__"), QStringLiteral("http_request_duration_seconds_bucket"));
            l.insert(QStringLiteral("handler"), QLatin1String(handlers[s % 5]));
            l.insert(QStringLiteral("le"), QLatin1String(les[s % 10]));
            break;
        }
        if (s)
            b += ',';
        b += R"({"metric":{)";
        bool first = true;
        for (auto it = l.cbegin(); it != l.cend(); ++it) {
            if (!first)
                b += ',';
            first = false;
            b += '"' + it.key().toUtf8() + "\":\"" + it.value().toUtf8() + '"';
        }
        b += R"(},"values":[)";
        double level = 1 + rng.unit() * 100;
        double counter = double(rng.below(1000000));
        gs.values.reserve(size_t(points));
        for (int p = 0; p < points; ++p) {
            double v = 0;
            switch (kind) {
            case 0: // rate(x[5m]) of a counter: a ratio, printed in full
                v = (level + 10 * std::sin(p / 37.0)) / 300.0 * (1 + 0.01 * rng.unit());
                break;
            case 1:
                v = std::round((level / 10 + rng.unit()) * 1e9) / 1e9;
                break;
            case 2:
                counter += double(rng.below(50000));
                v = counter;
                break;
            case 3: {
                const int r = rng.below(1000);
                v = r < 40 ? kNaN : r == 40 ? kInf : std::round(rng.unit() * 1e6) / 1e6;
                break;
            }
            default:
                counter += double(rng.below(20));
                v = counter;
                break;
            }
            gs.values.push_back(v);
            if (p)
                b += ',';
            b += '[';
            b += QByteArray::number(qint64(g.startS) + qint64(p) * qint64(g.stepS));
            b += ",\"";
            appendValue(b, v);
            b += "\"]";
        }
        b += "]}";
        g.series.push_back(std::move(gs));
    }
    b += "]}}";
    return g;
}

// Baseline (a): the straightforward Qt decode into the same structs.
QueryResult qjsonDecode(const QByteArray &body)
{
    QueryResult out;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonObject root = doc.object();
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    out.resultType = data.value(QLatin1String("resultType")).toString();
    const QJsonArray result = data.value(QLatin1String("result")).toArray();
    out.series.reserve(size_t(result.size()));
    for (const QJsonValue &sv : result) {
        const QJsonObject so = sv.toObject();
        Series s;
        const QJsonObject metric = so.value(QLatin1String("metric")).toObject();
        for (auto it = metric.begin(); it != metric.end(); ++it)
            s.labels.insert(it.key(), it.value().toString());
        const QJsonArray values = so.value(QLatin1String("values")).toArray();
        s.timestampsMs.reserve(size_t(values.size()));
        s.values.reserve(size_t(values.size()));
        for (const QJsonValue &pv : values) {
            const QJsonArray pair = pv.toArray();
            s.timestampsMs.push_back(pair.at(0).toDouble() * 1000.0);
            const QString text = pair.at(1).toString();
            double v = 0;
            if (text == QLatin1String("NaN"))
                v = kNaN;
            else if (text == QLatin1String("+Inf"))
                v = kInf;
            else if (text == QLatin1String("-Inf"))
                v = -kInf;
            else
                v = text.toDouble();
            s.values.push_back(v);
        }
        out.series.push_back(std::move(s));
    }
    return out;
}

QString diffAgainstGenerated(const QueryResult &r, const GenResponse &g)
{
    if (!r.ok())
        return QStringLiteral("decode error: ") + r.error;
    if (r.series.size() != g.series.size())
        return QStringLiteral("%1 series, expected %2").arg(r.series.size()).arg(g.series.size());
    for (size_t s = 0; s < g.series.size(); ++s) {
        const Series &got = r.series[s];
        const GenSeries &want = g.series[s];
        if (got.labels != want.labels)
            return QStringLiteral("series %1: labels differ").arg(s);
        if (got.values.size() != want.values.size() || got.timestampsMs.size() != want.values.size())
            return QStringLiteral("series %1: %2 points, expected %3").arg(s).arg(got.values.size()).arg(want.values.size());
        for (size_t p = 0; p < want.values.size(); ++p) {
            const double t = (g.startS + double(p) * g.stepS) * 1000.0;
            if (got.timestampsMs[p] != t || !sameDouble(got.values[p], want.values[p]))
                return QStringLiteral("series %1 point %2: (%3, %4), expected (%5, %6)")
                        .arg(s).arg(p).arg(got.timestampsMs[p], 0, 'g', 17).arg(got.values[p], 0, 'g', 17)
                        .arg(t, 0, 'g', 17).arg(want.values[p], 0, 'g', 17);
        }
    }
    return {};
}

struct NodeRun
{
    bool ran = false;
    QString note;
    double medianMs = kNaN;
    qint64 points = 0;
    qint64 nanCount = 0;
    double finiteSum = 0;
};

NodeRun runNode(const QString &node, const QString &script, const QString &file, int reps)
{
    NodeRun r;
    QProcess p;
    p.start(node, {script, file, QString::number(reps)});
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        r.note = QStringLiteral("node failed: ") + QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
        p.kill();
        return r;
    }
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    r.ran = true;
    r.medianMs = o.value(QLatin1String("medianMs")).toDouble(kNaN);
    r.points = qint64(o.value(QLatin1String("points")).toDouble());
    r.nanCount = qint64(o.value(QLatin1String("nanCount")).toDouble());
    r.finiteSum = o.value(QLatin1String("finiteSum")).toDouble();
    return r;
}

// ---------------------------------------------------------------- 2. draw

PanelData generateDrawData(int seriesCount, int points, quint64 seed, double startMs)
{
    PanelData d;
    d.stepSeconds = 1;
    d.start = QDateTime::fromMSecsSinceEpoch(qint64(startMs), Qt::UTC);
    d.end = QDateTime::fromMSecsSinceEpoch(qint64(startMs) + qint64(points - 1) * 1000, Qt::UTC);
    Rng rng(seed);
    // One answer's series share their timestamps, as the decoder gives them.
    Column times;
    times.resize(size_t(points));
    double *t = times.mutableData();
    for (int p = 0; p < points; ++p)
        t[p] = startMs + double(p) * 1000.0;
    for (int s = 0; s < seriesCount; ++s) {
        PanelSeries ps;
        ps.name = QStringLiteral("series %1").arg(s);
        ps.refId = QStringLiteral("A");
        ps.labels.insert(QStringLiteral("instance"), ps.name);
        ps.timestampsMs = times;
        ps.values.resize(size_t(points));
        double *values = ps.values.mutableData();
        // A random walk with noise: dense, jagged lines, the worst case for a plot.
        double level = 100 + 40 * s;
        for (int p = 0; p < points; ++p) {
            level += (rng.unit() - 0.5) * 2;
            values[p] = level + (rng.unit() - 0.5) * 12;
        }
        d.series.push_back(std::move(ps));
    }
    return d;
}

PanelData withRange(const PanelData &full, double fromMs, double toMs)
{
    PanelData d = full;
    d.start = QDateTime::fromMSecsSinceEpoch(qint64(fromMs), Qt::UTC);
    d.end = QDateTime::fromMSecsSinceEpoch(qint64(toMs), Qt::UTC);
    return d;
}

Panel drawPanel()
{
    Panel p;
    p.id = 1;
    p.type = QStringLiteral("timeseries");
    p.title = QStringLiteral("bench");
    p.legend.displayMode = QStringLiteral("hidden");
    return p;
}

/// Shows a panel for the timed renders alone. A shown widget - even with
/// WA_DontShowOnScreen, on the offscreen platform - is also painted into its backing
/// store whenever the posted update request arrives (in render()'s
/// sendPostedEvents): every timed change would be painted twice, the baseline's as
/// the panel's, and the panel's lines stroked on the pool besides. The window's
/// update requests are dropped here, so that render() is the one paint of a change.
class RenderOnly final : public QObject
{
public:
    explicit RenderOnly(QWidget *w) : QObject(w)
    {
        w->setAttribute(Qt::WA_DontShowOnScreen);
        w->show();
        QCoreApplication::processEvents();
        w->installEventFilter(this);
    }
    bool eventFilter(QObject *, QEvent *e) override { return e->type() == QEvent::UpdateRequest; }
};

QImage render(ChartPanel &panel)
{
    // Layout of the chart (axes, plot area) is posted; a real repaint runs it first.
    QCoreApplication::sendPostedEvents();
    QChartView *view = panel.findChild<QChartView *>();
    QImage image(view->size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::black);
    view->QWidget::render(&image);
    return image;
}

// The baseline: the same chart with every point handed to Qt Charts - a QLineSeries
// per series with the pen ChartPanel draws it with, on the panel's own axes - while
// ChartPanel's line layer (which decimates at paint time) is hidden.
bool handAllPoints(ChartPanel &panel, const PanelData &d)
{
    for (QAbstractSeries *s : panel.chart()->series())
        if (s->property("benchEveryPoint").toBool()) {
            panel.chart()->removeSeries(s);
            delete s;
        }
    panel.lineLayer()->setVisible(false);
    const QList<ChartPanel::DrawnLine> drawn = panel.drawnLines();
    QAbstractAxis *x = panel.chart()->axes(Qt::Horizontal).value(0);
    QAbstractAxis *y = nullptr;
    for (QAbstractAxis *a : panel.chart()->axes(Qt::Vertical))
        if (a->alignment() == Qt::AlignLeft)
            y = a;
    if (drawn.size() != qsizetype(d.series.size()) || !x || !y)
        return false;
    for (size_t i = 0; i < d.series.size(); ++i) {
        const PanelSeries &s = d.series[i];
        QList<QPointF> points;
        points.reserve(qsizetype(s.values.size()));
        for (size_t k = 0; k < s.values.size(); ++k)
            points.append(QPointF(s.timestampsMs[k], s.values[k]));
        auto *line = new QLineSeries;
        line->setProperty("benchEveryPoint", true);
        line->setPen(drawn[qsizetype(i)].pen);
        panel.chart()->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        line->replace(points);
    }
    return true;
}

struct ImageDiff
{
    double anyPercent = 0;      // pixels with any difference at all
    double visiblePercent = 0;  // pixels differing by more than 1/8 in some channel
    // Pixels differing by more than 1/8 from every pixel within one pixel of them in
    // the other image (either way round): differences a shift of an antialiased edge
    // by up to a pixel does not explain - a lost spike, a missing or moved line.
    double unexplainedPercent = 0;
};

bool near(QRgb a, QRgb b)
{
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                     std::abs(qBlue(a) - qBlue(b))}) <= 32;
}

// Whether pixel (x, y) of `a` has a near pixel in `b` within one pixel.
bool explained(const QImage &a, const QImage &b, int x, int y)
{
    const QRgb p = a.pixel(x, y);
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
            const int nx = x + dx, ny = y + dy;
            if (nx >= 0 && ny >= 0 && nx < b.width() && ny < b.height() && near(p, b.pixel(nx, ny)))
                return true;
        }
    return false;
}

ImageDiff compareImages(const QImage &a, const QImage &b)
{
    ImageDiff d;
    if (a.size() != b.size())
        return {100, 100, 100};
    qint64 any = 0, visible = 0, unexplained = 0;
    for (int y = 0; y < a.height(); ++y) {
        const auto *pa = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        const auto *pb = reinterpret_cast<const QRgb *>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            if (pa[x] == pb[x])
                continue;
            ++any;
            if (near(pa[x], pb[x]))
                continue;
            ++visible;
            if (!explained(a, b, x, y) || !explained(b, a, x, y))
                ++unexplained;
        }
    }
    const double total = double(a.width()) * a.height();
    d.anyPercent = 100.0 * double(any) / total;
    d.visiblePercent = 100.0 * double(visible) / total;
    d.unexplainedPercent = 100.0 * double(unexplained) / total;
    return d;
}

// ---------------------------------------------------------------- 3. start-up

double runOnce(const QString &program, const QStringList &args, bool *ok)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    const bool finished = p.waitForFinished(30000);
    const double ms = msSince(t);
    *ok = finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (!*ok)
        std::printf("    %s %s failed: %s\n", qPrintable(program), qPrintable(args.join(QLatin1Char(' '))),
                    p.readAll().left(300).constData());
    return ms;
}

struct Options
{
    int runs = 5;
    int seriesCount = 500, points = 1440;
    int drawSeries = 10, drawPoints = 100000;
    bool timing = true;
    QString imageDir;
    QString profile; // change|zoom|repaint: that step alone, `runs` times, for a profiler
};

bool benchDecode(const Options &o)
{
    bool ok = true;
    const int runs = o.runs, seriesCount = o.seriesCount, points = o.points;
    const bool timing = o.timing;
    QElapsedTimer genTimer;
    genTimer.start();
    const GenResponse gen = generateResponse(seriesCount, points);
    const double mb = double(gen.body.size()) / 1e6;
    std::printf("1. decode: query_range matrix, %d series x %d points, %.1f MB (generated in %.0f ms)\n",
                seriesCount, points, mb, msSince(genTimer));
    std::printf("  correctness:\n");
    {
        const QueryResult fast = decodePrometheusResponse(gen.body);
        const QString diff = diffAgainstGenerated(fast, gen);
        ok &= report("decodePrometheusResponse == generated labels, times, values", diff.isEmpty());
        if (!diff.isEmpty())
            std::printf("    %s\n", qPrintable(diff));
        const QString baseDiff = diffAgainstGenerated(qjsonDecode(gen.body), gen);
        ok &= report("QJsonDocument baseline == generated", baseDiff.isEmpty());
        if (!baseDiff.isEmpty())
            std::printf("    %s\n", qPrintable(baseDiff));
    }
    qint64 genNaN = 0, genPoints = 0;
    double genFiniteSum = 0;
    for (const GenSeries &s : gen.series)
        for (double v : s.values) {
            ++genPoints;
            if (std::isnan(v))
                ++genNaN;
            else if (std::isfinite(v))
                genFiniteSum += v;
        }

    QTemporaryDir tmp;
    const QString bodyFile = tmp.filePath(QStringLiteral("query_range.json"));
    {
        QFile f(bodyFile);
        if (!f.open(QIODevice::WriteOnly) || f.write(gen.body) != gen.body.size()) {
            std::printf("cannot write %s\n", qPrintable(bodyFile));
            return 1;
        }
    }
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    const QString script = QStringLiteral(DOZOR_BENCH_DIR "/decode_reference.js");
    if (node.isEmpty()) {
        std::printf("  NOTE: node is not installed: baseline (b), the browser's JSON.parse + "
                    "Float64Array, is skipped\n");
    } else {
        const NodeRun check = runNode(node, script, bodyFile, 1);
        if (!check.ran) {
            ok &= report("node reference ran", false);
            std::printf("    %s\n", qPrintable(check.note));
        } else {
            // Summation order is the same (series, then points); the totals must agree.
            ok &= report("node reference decoded the same points, NaNs and sum",
                         check.points == genPoints && check.nanCount == genNaN &&
                                 std::abs(check.finiteSum - genFiniteSum) <= 1e-9 * std::abs(genFiniteSum));
        }
    }

    if (timing) {
        std::vector<double> tQjson, tDozor, tNode;
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer t;
            t.start();
            {
                const QueryResult q = qjsonDecode(gen.body);
                tQjson.push_back(msSince(t));
            }
            t.restart();
            {
                const QueryResult q = decodePrometheusResponse(gen.body);
                tDozor.push_back(msSince(t));
            }
            if (!node.isEmpty()) {
                const NodeRun n = runNode(node, script, bodyFile, 3);
                if (n.ran)
                    tNode.push_back(n.medianMs);
            }
        }
        const double q = median(tQjson), d = median(tDozor), n = median(tNode);
        const double mbps = mb / (d / 1000.0);
        std::printf("  timing (median of %d, interleaved):\n", runs);
        std::printf("    (a) QJsonDocument decode          %9.1f ms  %7.0f MB/s\n", q, mb / (q / 1000.0));
        if (!tNode.empty())
            std::printf("    (b) node JSON.parse+Float64Array  %9.1f ms  %7.0f MB/s\n", n, mb / (n / 1000.0));
        std::printf("    decodePrometheusResponse          %9.1f ms  %7.0f MB/s\n", d, mbps);
        std::printf("    ratio vs (a) %.1fx", q / d);
        if (!tNode.empty())
            std::printf(", vs (b) %.1fx", n / d);
        std::printf("\n");
        ok &= report("decode >= 10x faster than QJsonDocument", q / d >= 10);
        if (!tNode.empty())
            ok &= report("decode >= 10x faster than node JSON.parse + Float64Array", n / d >= 10);
        ok &= report("decode >= 500 MB/s", mbps >= 500);

        // Diagnostic: the same decode when malloc keeps freed memory instead of handing
        // it back, so the 11.5 MB of columns land on pages already touched. The gap is
        // first-touch page faults (expensive on this VM), not parsing.
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        mallopt(M_MMAP_THRESHOLD, 1 << 30);
        decodePrometheusResponse(gen.body);
        std::vector<double> tWarm;
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer t;
            t.start();
            const QueryResult q = decodePrometheusResponse(gen.body);
            tWarm.push_back(msSince(t));
        }
        mallopt(M_TRIM_THRESHOLD, 128 * 1024);
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        const double w = median(tWarm);
        std::printf("    (diagnostic: into memory already touched %.1f ms, %.0f MB/s)\n", w, mb / (w / 1000.0));
    }
    return ok;
}

/// One step of the decimated panel alone, `runs` times, for a profiler: no baseline,
/// no checks. change/zoom: setData + render; repaint: render with nothing changed.
int profileDraw(const Options &o)
{
    const double startMs = 1700000000000.0;
    const PanelData data1 = generateDrawData(o.drawSeries, o.drawPoints, 1, startMs);
    const PanelData data2 = generateDrawData(o.drawSeries, o.drawPoints, 2, startMs);
    const double spanMs = double(o.drawPoints - 1) * 1000.0;
    const PanelData zoom1 = withRange(data1, startMs + spanMs * 0.30, startMs + spanMs * 0.40);
    const PanelData zoom2 = withRange(data1, startMs + spanMs * 0.55, startMs + spanMs * 0.65);
    const bool zoom = o.profile == QLatin1String("zoom");
    ChartPanel panel(drawPanel());
    panel.resize(1200, 400);
    new RenderOnly(&panel);
    panel.setData(data1);
    render(panel);
    std::vector<double> times, setDataTimes;
    for (int r = 0; r < o.runs; ++r) {
        const PanelData &next = zoom ? (r % 2 ? zoom2 : zoom1) : (r % 2 ? data1 : data2);
        PanelData incoming = next; // a decoded answer, handed over as the dashboard does (moved)
        QElapsedTimer t;
        t.start();
        if (o.profile != QLatin1String("repaint")) {
            panel.setData(std::move(incoming));
            QCoreApplication::sendPostedEvents();
        }
        setDataTimes.push_back(msSince(t));
        render(panel);
        times.push_back(msSince(t));
    }
    std::printf("%s: median %.1f ms over %d runs (setData and posted events %.1f ms)\n",
                qPrintable(o.profile), median(times), o.runs, median(setDataTimes));
    return 0;
}

bool benchDraw(const Options &o)
{
    bool ok = true;
    const int runs = o.runs, drawSeries = o.drawSeries, drawPoints = o.drawPoints;
    const bool timing = o.timing;
    std::printf("2. draw: one chart panel, %d series x %d points, 1200x400\n", drawSeries, drawPoints);
    const double startMs = 1700000000000.0;
    const PanelData data1 = generateDrawData(drawSeries, drawPoints, 1, startMs);
    const PanelData data2 = generateDrawData(drawSeries, drawPoints, 2, startMs);
    const double spanMs = double(drawPoints - 1) * 1000.0;
    // Two zoomed views (a tenth of the range), alternated so that each is a change.
    const PanelData zoom1 = withRange(data1, startMs + spanMs * 0.30, startMs + spanMs * 0.40);
    const PanelData zoom2 = withRange(data1, startMs + spanMs * 0.55, startMs + spanMs * 0.65);

    ChartPanel decimated(drawPanel());
    ChartPanel full(drawPanel());
    for (ChartPanel *p : {&decimated, &full}) {
        p->resize(1200, 400);
        new RenderOnly(p);
    }
    decimated.setData(data1);
    full.setData(data1);
    QCoreApplication::processEvents();

    // Correctness: the decimated chart against the same chart given every point.
    std::printf("  correctness (decimated vs every point, same axes):\n");
    for (const PanelData *d : {&data1, &zoom1}) {
        decimated.setData(*d);
        full.setData(*d);
        const QImage a = render(decimated);
        if (!handAllPoints(full, *d)) {
            ok &= report("baseline chart has one line per series", false);
            break;
        }
        const QImage b = render(full);
        const ImageDiff diff = compareImages(a, b);
        const char *what = d == &data1 ? "full range" : "zoomed to a tenth";
        if (!o.imageDir.isEmpty()) {
            const QString tag = d == &data1 ? QStringLiteral("full-range") : QStringLiteral("zoomed");
            a.save(QDir(o.imageDir).filePath(tag + QStringLiteral("-decimated.png")));
            b.save(QDir(o.imageDir).filePath(tag + QStringLiteral("-every-point.png")));
        }
        // M4 keeps every pixel a one-pixel line lights: compared without antialiasing
        // (a pixel counts when nothing within one pixel of it in the other image is
        // near its colour - a lost spike or a missing line, not a rasteriser's
        // rounding). Antialiased, the hundred overlapping segments per column of the
        // full chart blend denser than the four M4 keeps: printed, not a target.
        QChartView *views[] = {decimated.findChild<QChartView *>(), full.findChild<QChartView *>()};
        for (QChartView *v : views)
            v->setRenderHint(QPainter::Antialiasing, false);
        decimated.lineLayer()->update(); // its cached pixmap was drawn antialiased
        const QImage aliasedA = render(decimated), aliasedB = render(full);
        const ImageDiff aliased = compareImages(aliasedA, aliasedB);
        if (!o.imageDir.isEmpty()) {
            const QString tag = d == &data1 ? QStringLiteral("full-range") : QStringLiteral("zoomed");
            aliasedA.save(QDir(o.imageDir).filePath(tag + QStringLiteral("-decimated-aliased.png")));
            aliasedB.save(QDir(o.imageDir).filePath(tag + QStringLiteral("-every-point-aliased.png")));
        }
        for (QChartView *v : views)
            v->setRenderHint(QPainter::Antialiasing, true);
        decimated.lineLayer()->update();
        std::printf("    %-18s %lld points drawn, %lld given to the baseline\n"
                    "    %-18s without antialiasing: pixels differing %.3f%% (any), %.3f%% (not within 1 px)\n"
                    "    %-18s antialiased (as shown): %.3f%% (any), %.3f%% (by > 1/8), %.3f%% (not within 1 px)\n",
                    what, qlonglong(decimated.plottedPointCount()),
                    qlonglong(d->series.size() * d->series[0].values.size()), "", aliased.anyPercent,
                    aliased.unexplainedPercent, "", diff.anyPercent, diff.visiblePercent, diff.unexplainedPercent);
        ok &= report(d == &data1 ? "images differ in < 1% of pixels (full range, not within 1 px)"
                                 : "images differ in < 1% of pixels (zoomed, not within 1 px)",
                     aliased.unexplainedPercent < 1.0);
        if (!timing) // one is enough for the smoke run
            break;
    }

    if (timing) {
        // Baseline state: every point of data1 in the full chart.
        full.setData(data1);
        handAllPoints(full, data1);
        render(full);
        decimated.setData(data1);
        render(decimated);
        auto *xAxis = qobject_cast<QValueAxis *>(full.chart()->axes(Qt::Horizontal).value(0));
        std::vector<double> tChange, tChangeSetData, tChangeBase, tZoom, tZoomBase;
        for (int r = 0; r < runs; ++r) {
            const PanelData &next = r % 2 ? data1 : data2;
            // Each timed step starts with no events pending from the other chart (Qt
            // Charts posts geometry updates; they are that chart's cost, not this one's).
            QCoreApplication::sendPostedEvents();
            // A decoded answer, handed to the panel as the dashboard does: moved in (the
            // baseline below is given the same data by reference).
            PanelData incoming = next;
            QElapsedTimer t;
            t.start();
            decimated.setData(std::move(incoming));
            QCoreApplication::sendPostedEvents();
            tChangeSetData.push_back(msSince(t));
            render(decimated);
            tChange.push_back(msSince(t));

            QCoreApplication::sendPostedEvents();
            t.restart();
            handAllPoints(full, next);
            render(full);
            tChangeBase.push_back(msSince(t));

            const PanelData &z = r % 2 ? zoom2 : zoom1;
            incoming = z;
            QCoreApplication::sendPostedEvents();
            t.restart();
            decimated.setData(std::move(incoming));
            render(decimated);
            tZoom.push_back(msSince(t));

            // The baseline zooms the way a plain Qt Charts view does: new axis ranges
            // over the points it already holds.
            QCoreApplication::sendPostedEvents();
            t.restart();
            if (xAxis)
                xAxis->setRange(double(z.start.toMSecsSinceEpoch()), double(z.end.toMSecsSinceEpoch()));
            render(full);
            tZoomBase.push_back(msSince(t));
            if (xAxis)
                xAxis->setRange(double(data1.start.toMSecsSinceEpoch()), double(data1.end.toMSecsSinceEpoch()));
            render(full);
            // Back to the full range for the next round's data change.
            decimated.setData(r % 2 ? data1 : data2);
        }
        const double c = median(tChange), cb = median(tChangeBase), z = median(tZoom), zb = median(tZoomBase);
        std::printf("  timing (median of %d, interleaved; repaint = setData or axis change + render to QImage):\n", runs);
        std::printf("    data change: baseline %8.1f ms, ChartPanel %6.1f ms, ratio %.1fx\n", cb, c, cb / c);
        std::printf("    zoom:        baseline %8.1f ms, ChartPanel %6.1f ms, ratio %.1fx\n", zb, z, zb / z);
        std::printf("    (ChartPanel data change: %.1f ms in setData - decimation, series, axes - and %.1f ms painting)\n",
                    median(tChangeSetData), c - median(tChangeSetData));
        ok &= report("repaint after data change >= 20x faster than every point", cb / c >= 20);
        ok &= report("repaint after data change < 16 ms", c < 16);
        ok &= report("repaint after zoom >= 20x faster than every point", zb / z >= 20);
        ok &= report("repaint after zoom < 16 ms", z < 16);
    }
    return ok;
}

/// A free X display number: no socket of that number in /tmp/.X11-unix.
int freeDisplay()
{
    for (int n = 90; n < 200; ++n)
        if (!QFileInfo::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n)) &&
            !QFileInfo::exists(QStringLiteral("/tmp/.X%1-lock").arg(n)))
            return n;
    return -1;
}

/// The GUI's first window: from starting `dozor` (no arguments: the bundled API
/// Performance dashboard, its server refused) to its main window mapped and visible on
/// an Xvfb server started here, as `xdotool search --sync --onlyvisible` sees it - the
/// product needs no hook for it. A fresh HOME each run: no settings, no session.
bool benchFirstWindow(const QString &dozor, int runs)
{
    std::printf("  GUI first window (process start to the main window visible, Xvfb):\n");
    const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
    const QString xdotool = QStandardPaths::findExecutable(QStringLiteral("xdotool"));
    if (xvfb.isEmpty() || xdotool.isEmpty()) {
        std::printf("    Xvfb or xdotool is not installed (scripts/install-deps.sh installs both)\n");
        return report("GUI first window measured", false);
    }
    const int display = freeDisplay();
    QProcess server;
    server.start(xvfb, {QStringLiteral(":%1").arg(display), QStringLiteral("-screen"), QStringLiteral("0"),
                        QStringLiteral("1600x1000x24"), QStringLiteral("-nolisten"), QStringLiteral("tcp")});
    QElapsedTimer wait;
    wait.start();
    while (!QFileInfo::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(display)) && wait.elapsed() < 10000)
        QThread::msleep(20);
    if (display < 0 || !server.waitForStarted(5000) || server.state() != QProcess::Running ||
        !QFileInfo::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(display))) {
        std::printf("    Xvfb did not start on :%d\n", display);
        return report("GUI first window measured", false);
    }
    std::vector<double> times;
    bool shown = true;
    for (int r = 0; r < runs && shown; ++r) {
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DISPLAY"), QStringLiteral(":%1").arg(display));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        env.insert(QStringLiteral("HOME"), home.path());
        for (const char *xdg : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
            env.insert(QLatin1String(xdg), home.filePath(QLatin1String(xdg)));
        QProcess app, search;
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::MergedChannels);
        search.setProcessEnvironment(env);
        QElapsedTimer t;
        t.start();
        app.start(dozor, {QStringLiteral("--prometheus"), QStringLiteral("http://127.0.0.1:1"),
                          QStringLiteral("--alertmanager"), QStringLiteral("http://127.0.0.1:1")});
        app.waitForStarted(5000); // QProcess says Running only once it has seen the start
        search.start(xdotool, {QStringLiteral("search"), QStringLiteral("--sync"), QStringLiteral("--onlyvisible"),
                               QStringLiteral("--name"), QStringLiteral("Dozor")});
        const bool found = search.waitForFinished(20000) && search.exitCode() == 0;
        const double ms = msSince(t);
        shown = found && app.state() == QProcess::Running;
        if (shown)
            times.push_back(ms);
        else
            std::printf("    run %d: no window within 20 s (xdotool: %s; dozor %s: %s)\n", r + 1,
                        search.readAll().trimmed().left(200).constData(),
                        app.state() == QProcess::Running ? "running" : "ended",
                        app.readAll().left(300).constData());
        app.terminate();
        if (!app.waitForFinished(5000)) {
            app.kill();
            app.waitForFinished(2000);
        }
        search.kill();
        search.waitForFinished(1000);
    }
    server.terminate();
    server.waitForFinished(3000);
    bool ok = report("GUI first window shown", shown);
    if (shown) {
        const double m = median(times);
        std::printf("    dozor (window on screen)   %6.1f ms (median of %d)\n", m, runs);
        ok &= report("GUI first window < 1000 ms", m < 1000);
    }
    return ok;
}

bool benchStartup(const Options &o)
{
    bool ok = true;
    const int runs = o.runs;
    {
        std::printf("3. start-up: the dozor command line (process start to exit)\n");
        const QString dozor = QStringLiteral(DOZOR_EXECUTABLE);
        const QString dashboard =
                QStringLiteral(DOZOR_SOURCE_DIR "/tests/data/grafana/node-exporter-full-v41-timeseries.json");
        if (!QFileInfo::exists(dashboard)) {
            ok &= report("Node Exporter Full dashboard found", false);
        } else {
            std::vector<double> tTrue, tVersion, tCheck;
            bool ran = true;
            for (int r = 0; r < runs; ++r) {
                bool okRun = true;
                tTrue.push_back(runOnce(QStringLiteral("/bin/true"), {}, &okRun));
                tVersion.push_back(runOnce(dozor, {QStringLiteral("--version")}, &okRun));
                ran &= okRun;
                tCheck.push_back(runOnce(dozor, {QStringLiteral("check"), dashboard}, &okRun));
                ran &= okRun;
            }
            const double tt = median(tTrue), v = median(tVersion), ch = median(tCheck);
            std::printf("  timing (median of %d, interleaved; /bin/true is the cost of starting a process):\n", runs);
            std::printf("    /bin/true                    %6.1f ms\n", tt);
            std::printf("    dozor --version              %6.1f ms\n", v);
            std::printf("    dozor check (Node Exporter)  %6.1f ms\n", ch);
            ok &= report("dozor --version and check ran", ran);
            ok &= report("dozor --version < 150 ms", v < 150);
            ok &= report("dozor check Node Exporter Full < 150 ms", ch < 150);
        }
        ok &= benchFirstWindow(dozor, runs);
    }
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    Options o;
    QString only;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const auto intArg = [&](int &out, int min) { out = std::max(min, args[++i].toInt()); };
        if (args[i] == QLatin1String("--runs") && i + 1 < args.size())
            intArg(o.runs, 1);
        else if (args[i] == QLatin1String("--series") && i + 1 < args.size())
            intArg(o.seriesCount, 1);
        else if (args[i] == QLatin1String("--points") && i + 1 < args.size())
            intArg(o.points, 1);
        else if (args[i] == QLatin1String("--draw-series") && i + 1 < args.size())
            intArg(o.drawSeries, 1);
        else if (args[i] == QLatin1String("--draw-points") && i + 1 < args.size())
            intArg(o.drawPoints, 100);
        else if (args[i] == QLatin1String("--only") && i + 1 < args.size())
            only = args[++i];
        else if (args[i] == QLatin1String("--save-images") && i + 1 < args.size())
            o.imageDir = args[++i];
        else if (args[i] == QLatin1String("--no-timing"))
            o.timing = false;
        else if (args[i] == QLatin1String("--profile") && i + 1 < args.size())
            o.profile = args[++i];
        else {
            std::fprintf(stderr, "usage: bench_metrics [--runs N] [--series N] [--points N] "
                                 "[--draw-series N] [--draw-points N] [--only decode|draw|startup] "
                                 "[--save-images DIR] [--no-timing] [--profile change|zoom|repaint]\n");
            return 2;
        }
    }
    if (!o.profile.isEmpty()) {
        if (o.profile != QLatin1String("change") && o.profile != QLatin1String("zoom") &&
            o.profile != QLatin1String("repaint")) {
            std::fprintf(stderr, "--profile takes change, zoom or repaint\n");
            return 2;
        }
        return profileDraw(o);
    }
    bool ok = true;
    if (!only.isEmpty() && only != QLatin1String("decode") && only != QLatin1String("draw") &&
        only != QLatin1String("startup")) {
        std::fprintf(stderr, "--only takes decode, draw or startup\n");
        return 2;
    }
    const bool all = only.isEmpty();
    if (all || only == QLatin1String("decode"))
        ok &= benchDecode(o);
    if (all || only == QLatin1String("draw")) {
        std::printf("\n");
        ok &= benchDraw(o);
    }
    // Start-up is timing only: nothing to check in the smoke run.
    if (o.timing && (all || only == QLatin1String("startup"))) {
        std::printf("\n");
        ok &= benchStartup(o);
    }

    std::printf("\n%s\n", ok ? "all PASS" : "some FAIL");
    return ok ? 0 : 1;
}
