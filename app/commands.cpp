#include "commands.h"

#include "chartpanel.h"
#include "dashboardcanvas.h"
#include "dashboardloader.h"
#include "dashboardqueries.h"
#include "prometheusclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QImage>
#include <QNetworkAccessManager>
#include <QPixmap>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

} // namespace

int runCheck(const QString &path)
{
    const auto loaded = DashboardLoader::loadFile(path);
    if (!loaded.dashboard) {
        err() << loaded.error << Qt::endl;
        return 1;
    }
    const Dashboard &d = *loaded.dashboard;
    out() << "dashboard: " << d.title << " (uid " << (d.uid.isEmpty() ? QStringLiteral("-") : d.uid)
          << ", schema " << d.schemaVersion << ", time " << d.timeFrom << " to " << d.timeTo
          << ", " << d.panels.size() << " panels)" << Qt::endl;
    int unsupported = 0;
    for (const Panel &p : d.panels) {
        out() << "panel " << p.id << "\t" << p.type << "\t" << p.title;
        if (!p.isTimeSeries()) {
            out() << "\t[shown as placeholder]";
            ++unsupported;
        }
        out() << Qt::endl;
        for (const Target &t : p.targets) {
            out() << "  " << (t.refId.isEmpty() ? QStringLiteral("-") : t.refId) << ": " << t.expr;
            if (!t.legendFormat.isEmpty())
                out() << "   legend: " << t.legendFormat;
            out() << Qt::endl;
        }
    }
    if (unsupported)
        out() << unsupported << " panel(s) of types this version does not draw yet" << Qt::endl;
    return 0;
}

int runRender(const QString &path, const QCommandLineParser &parser, const Endpoints &endpoints)
{
    const auto loaded = DashboardLoader::loadFile(path);
    if (!loaded.dashboard) {
        err() << loaded.error << Qt::endl;
        return 2;
    }
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty()) {
        err() << "render: name the image with -o FILE.png" << Qt::endl;
        return 2;
    }
    const Dashboard &d = *loaded.dashboard;
    TimeRange range{d.timeFrom, d.timeTo};
    if (parser.isSet(QStringLiteral("from")))
        range.from = parser.value(QStringLiteral("from"));
    if (parser.isSet(QStringLiteral("to")))
        range.to = parser.value(QStringLiteral("to"));
    QString rangeError;
    if (!range.resolve(QDateTime::currentDateTimeUtc(), &rangeError)) {
        err() << "render: " << rangeError << Qt::endl;
        return 2;
    }
    bool widthOk = false;
    const int width = parser.value(QStringLiteral("width")).toInt(&widthOk);
    if (!widthOk || width < 200 || width > 10000) {
        err() << "render: --width must be between 200 and 10000 pixels" << Qt::endl;
        return 2;
    }

    QNetworkAccessManager nam;
    PrometheusClient client(&nam);
    client.setBaseUrl(endpoints.prometheus);
    DashboardQueries queries(&client);
    queries.setDashboard(d);

    DashboardCanvas canvas(d, width);
    canvas.setAttribute(Qt::WA_DontShowOnScreen);
    canvas.show();
    QCoreApplication::processEvents();

    QStringList failures;
    QEventLoop loop;
    QObject::connect(&queries, &DashboardQueries::panelFinished, &canvas,
                     [&](int id, const PanelData &data) {
                         if (ChartPanel *p = canvas.panel(id))
                             p->setData(data);
                         if (!data.error.isEmpty()) {
                             const Panel *panel = d.panel(id);
                             failures << QStringLiteral("panel %1 (%2): %3")
                                             .arg(id)
                                             .arg(panel ? panel->title : QString(), data.error);
                         }
                     });
    QObject::connect(&queries, &DashboardQueries::inFlightChanged, &loop, [&](int n) {
        if (n == 0)
            loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        failures << QStringLiteral("gave up waiting after %1 s").arg(client.timeoutMs() / 1000 + 5);
        queries.cancelAll();
        loop.quit();
    });
    deadline.start(client.timeoutMs() + 5000);
    queries.refresh(canvas.plotWidths(), range);
    if (queries.inFlight() > 0)
        loop.exec();
    // Let the charts lay out their new series before grabbing.
    QCoreApplication::processEvents();

    const QImage image = canvas.grab().toImage();
    if (!image.save(output, "PNG")) {
        err() << "render: cannot write " << output << Qt::endl;
        return 2;
    }
    for (const QString &f : failures)
        err() << f << Qt::endl;
    out() << "wrote " << output << " (" << image.width() << "x" << image.height() << ", "
          << d.panels.size() << " panels, " << range.displayText() << ")" << Qt::endl;
    return failures.isEmpty() ? 0 : 3;
}
