#include "wallscreen.h"

#include "dashboardloader.h"
#include "dashboardpage.h"
#include "mainwindow.h"
#include "statpanel.h"
#include "timerange.h"
#include "variablebar.h"

#include <QDockWidget>
#include <QEvent>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <algorithm>
#include <limits>

namespace {
constexpr int kOverlayMs = 10000;
constexpr int kStatusMs = 30000;
} // namespace

WallScreen::WallScreen(MainWindow *window)
    : QObject(window), m_window(window), m_timer(new QTimer(this)), m_overlay(new QLabel(window)),
      m_overlayTimer(new QTimer(this))
{
    m_timer->setInterval(60000);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_paths.size() == 1 && m_current == 0)
            m_window->refresh(); // nothing to rotate to: keep the one dashboard current
        else
            advance(m_current + 1, +1);
    });

    // Messages on a wall: large, plain text (file names and loader errors are
    // untrusted), over the dashboard, gone after a while.
    m_overlay->setObjectName(QStringLiteral("wallOverlay"));
    m_overlay->setTextFormat(Qt::PlainText);
    m_overlay->setWordWrap(true);
    m_overlay->setAlignment(Qt::AlignCenter);
    m_overlay->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_overlay->setStyleSheet(QStringLiteral(
        "QLabel { color: #ffffff; background: rgba(20, 22, 26, 220); border: 1px solid #5794f2;"
        " border-radius: 4px; padding: 10px 16px; font-size: 18pt; }"));
    m_overlay->hide();
    m_overlayTimer->setSingleShot(true);
    connect(m_overlayTimer, &QTimer::timeout, m_overlay, &QWidget::hide);

    m_toggleKiosk = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), window);
    m_toggleKiosk->setObjectName(QStringLiteral("toggleKiosk"));
    connect(m_toggleKiosk, &QShortcut::activated, this, &WallScreen::toggleKiosk);
    const auto key = [this, window](Qt::Key k, void (WallScreen::*slot)()) {
        auto *s = new QShortcut(QKeySequence(k), window);
        s->setEnabled(false); // the keys belong to the dashboard outside kiosk mode
        connect(s, &QShortcut::activated, this, slot);
        m_playlistKeys << s;
    };
    key(Qt::Key_Space, &WallScreen::togglePaused);
    key(Qt::Key_Right, &WallScreen::next);
    key(Qt::Key_Left, &WallScreen::previous);

    window->installEventFilter(this);
    // Panels made for another dashboard (the playlist) or an opened row get the wall's size too.
    if (window->page()) {
        connect(window->page(), &DashboardPage::panelsRebuilt, this, [this] {
            if (m_kiosk)
                applyStatSize();
        });
        connect(window->page(), &DashboardPage::panelCreated, this, [this](PanelWidget *w) {
            if (auto *stat = qobject_cast<StatPanel *>(w); stat && m_kiosk)
                stat->setMaxValuePixelSize(0);
        });
    }
}

WallScreen::~WallScreen() = default;

QStringList WallScreen::splitPlaylist(const QString &list)
{
    QStringList paths;
    for (const QString &part : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString path = part.trimmed(); !path.isEmpty())
            paths << path;
    return paths;
}

std::optional<qint64> WallScreen::parseInterval(const QString &text)
{
    const std::optional<qint64> ms = parseDurationMs(text.trimmed());
    if (!ms || *ms <= 0)
        return std::nullopt;
    return ms;
}

qint64 WallScreen::interval() const
{
    return m_timer->interval();
}

void WallScreen::setPlaylist(const QStringList &paths, qint64 intervalMs)
{
    m_paths = paths;
    m_current = -1;
    m_timer->setInterval(int(std::clamp<qint64>(intervalMs, 1, std::numeric_limits<int>::max())));
}

void WallScreen::start()
{
    if (m_paths.isEmpty())
        return;
    advance(0, +1);
}

void WallScreen::next()
{
    if (!m_paths.isEmpty())
        advance(m_current + 1, +1);
}

void WallScreen::previous()
{
    if (!m_paths.isEmpty())
        advance(m_current < 0 ? int(m_paths.size()) - 1 : m_current - 1, -1);
}

void WallScreen::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (paused) {
        m_timer->stop();
        notify(tr("Playlist paused - Space resumes"), true);
    } else {
        if (!m_paths.isEmpty())
            m_timer->start();
        notify(tr("Playlist resumed"));
    }
    emit pausedChanged(paused);
}

void WallScreen::advance(int from, int step)
{
    if (m_paths.isEmpty())
        return;
    // Unsaved edits would bring up a question that blocks the wall: wait for the
    // operator instead.
    if (m_window->page() && m_window->page()->isModified()) {
        notify(tr("Playlist waits: the dashboard has unsaved changes"));
        if (!m_paused)
            m_timer->start();
        return;
    }
    const int n = int(m_paths.size());
    QStringList problems;
    bool opened = false;
    for (int tried = 0; tried < n && !opened; ++tried) {
        const int index = (((from + step * tried) % n) + n) % n;
        const QString why = open(index);
        if (why.isEmpty()) {
            m_current = index;
            opened = true;
            emit dashboardShown(index, m_paths.at(index));
        } else {
            problems << why;
            emit dashboardSkipped(index, why);
        }
    }
    if (!problems.isEmpty())
        notify(problems.join(QLatin1Char('\n')) +
               (opened ? QString() : QLatin1Char('\n') + tr("Trying again in %1.").arg(formatDurationMs(m_timer->interval()))));
    // Every turn gets the whole interval, also after Left/Right; with nothing open
    // the files are tried again (a dashboard being rewritten comes back by itself).
    if (!m_paused)
        m_timer->start();
}

QString WallScreen::open(int index)
{
    const QString &path = m_paths.at(index);
    const QString name = QFileInfo(path).fileName();
    // Loaded here first: MainWindow reports a broken file with a dialog, and a wall
    // screen has nobody to close it.
    const DashboardLoader::Result loaded = DashboardLoader::loadFile(path);
    if (!loaded.dashboard)
        return tr("Skipped %1: %2").arg(name, loaded.error);
    // Opening saves the layout of the dashboard being left: with the chrome back, so
    // the saved layout is the operator's, not the kiosk's.
    const bool wasHidden = m_chromeHidden;
    if (wasHidden)
        restoreChrome();
    const bool ok = m_window->openDashboard(path);
    if (wasHidden)
        hideChrome();
    if (ok)
        return {};
    QString error;
    for (QMessageBox *box : m_window->findChildren<QMessageBox *>(QStringLiteral("openError"))) {
        error = box->text();
        box->close();
    }
    return tr("Skipped %1: %2").arg(name, error.isEmpty() ? tr("it does not open") : error);
}

void WallScreen::setKiosk(bool on)
{
    if (on == m_kiosk)
        return;
    m_kiosk = on;
    for (QShortcut *s : std::as_const(m_playlistKeys))
        s->setEnabled(on);
    if (on) {
        m_stateBeforeKiosk = m_window->windowState() & ~Qt::WindowFullScreen;
        m_hadOwnFont = m_window->testAttribute(Qt::WA_SetFont);
        m_fontBeforeKiosk = m_window->font();
        QFont large = m_fontBeforeKiosk;
        large.setPointSizeF(large.pointSizeF() * m_fontScale);
        m_window->setFont(large);
        applyStatSize();
        hideChrome();
        m_window->setWindowState(m_stateBeforeKiosk | Qt::WindowFullScreen);
        if (m_paused)
            notify(tr("Playlist paused - Space resumes"), true);
    } else {
        restoreChrome();
        m_window->setFont(m_hadOwnFont ? m_fontBeforeKiosk : QFont());
        applyStatSize();
        m_window->setWindowState(m_stateBeforeKiosk);
        m_overlay->hide();
    }
    emit kioskChanged(on);
}

void WallScreen::applyStatSize()
{
    // A wall is read from across the room: stat values as large as their box allows.
    const int maxPx = m_kiosk ? 0 : StatPanel::kDefaultMaxValuePixelSize;
    for (StatPanel *stat : m_window->findChildren<StatPanel *>())
        stat->setMaxValuePixelSize(maxPx);
}

void WallScreen::hideChrome()
{
    if (m_chromeHidden)
        return;
    m_chromeHidden = true;
    QList<QWidget *> chrome{m_window->menuBar(), m_window->statusBar()};
    for (QToolBar *bar : m_window->findChildren<QToolBar *>())
        chrome << bar;
    for (VariableBar *bar : m_window->findChildren<VariableBar *>())
        chrome << bar;
    for (QWidget *w : std::as_const(chrome)) {
        if (!w->isHidden()) {
            m_hidden << w;
            w->hide();
        }
    }
    // Docks stay where the operator put them, without their title bars.
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>()) {
        if (dock->titleBarWidget())
            continue;
        auto *none = new QWidget(dock);
        none->setObjectName(QStringLiteral("kioskNoTitle"));
        dock->setTitleBarWidget(none);
        m_untitledDocks << dock;
    }
}

void WallScreen::restoreChrome()
{
    if (!m_chromeHidden)
        return;
    m_chromeHidden = false;
    for (const QPointer<QWidget> &w : std::as_const(m_hidden))
        if (w)
            w->show();
    m_hidden.clear();
    for (const QPointer<QDockWidget> &dock : std::as_const(m_untitledDocks)) {
        if (!dock)
            continue;
        QWidget *none = dock->titleBarWidget();
        dock->setTitleBarWidget(nullptr);
        delete none;
    }
    m_untitledDocks.clear();
}

void WallScreen::notify(const QString &text, bool sticky)
{
    m_message = text;
    m_window->statusBar()->showMessage(text, kStatusMs);
    if (!m_kiosk)
        return;
    m_overlay->setText(text);
    placeOverlay();
    m_overlay->show();
    m_overlay->raise();
    if (sticky)
        m_overlayTimer->stop();
    else
        m_overlayTimer->start(kOverlayMs);
}

void WallScreen::placeOverlay()
{
    const int width = std::min(m_window->width() - 40, std::max(480, m_window->width() * 2 / 3));
    m_overlay->setFixedWidth(std::max(100, width));
    m_overlay->adjustSize();
    m_overlay->move((m_window->width() - m_overlay->width()) / 2,
                    m_window->height() - m_overlay->height() - 40);
}

bool WallScreen::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window) {
        if (event->type() == QEvent::Resize && m_overlay->isVisible()) {
            placeOverlay();
        } else if (event->type() == QEvent::Close && m_chromeHidden) {
            // MainWindow saves its layout and geometry as it closes: the operator's,
            // not the kiosk's. Back to the wall if the close is refused.
            restoreChrome();
            m_window->setWindowState(m_stateBeforeKiosk);
            QTimer::singleShot(0, this, [this] {
                if (m_kiosk && m_window->isVisible()) {
                    hideChrome();
                    m_window->setWindowState(m_stateBeforeKiosk | Qt::WindowFullScreen);
                }
            });
        }
    }
    return QObject::eventFilter(watched, event);
}
