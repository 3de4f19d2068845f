#include "paneleditor.h"

#include "palette.h"
#include "plaintext.h"
#include "promqlcompleter.h"
#include "promqlhighlighter.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>

namespace {

const QString kTimeSeries = QStringLiteral("time_series");

/// Numbers as people type them: "0.5", "1e3", or in the user's locale ("0,5").
std::optional<double> parseNumber(const QString &text, bool *ok)
{
    const QString t = text.trimmed();
    *ok = true;
    if (t.isEmpty())
        return std::nullopt;
    bool parsed = false;
    double v = QLocale::c().toDouble(t, &parsed);
    if (!parsed)
        v = QLocale().toDouble(t, &parsed);
    if (!parsed || !std::isfinite(v)) {
        *ok = false;
        return std::nullopt;
    }
    return v;
}

QString numberText(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'g', QLocale::FloatingPointShortest) : QString();
}

QIcon swatch(const QString &color)
{
    QPixmap pm(14, 14);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setPen(QColor(0x80, 0x80, 0x80));
    p.setBrush(namedColor(color, Qt::transparent));
    p.drawRoundedRect(QRectF(0.5, 0.5, 13, 13), 3, 3);
    return QIcon(pm);
}

} // namespace

/// One query (target) of the panel: expression, legend, refId, instant, format, hide.
/// It starts from a copy of the target so fields it does not show are kept.
class PanelQueryEditor final : public QFrame
{
    Q_DECLARE_TR_FUNCTIONS(PanelQueryEditor)

public:
    PanelQueryEditor(const Target &target, CompletionSource *source, QWidget *parent)
        : QFrame(parent), m_target(target), m_refId(new QLineEdit(target.refId, this)),
          m_expr(new QPlainTextEdit(this)), m_legend(new QLineEdit(target.legendFormat, this)),
          m_instant(new QCheckBox(tr("Instant"), this)), m_format(new QComboBox(this)),
          m_hide(new QCheckBox(tr("Hide"), this)), m_duplicate(new QToolButton(this)),
          m_remove(new QToolButton(this))
    {
        setObjectName(QStringLiteral("queryEditor"));
        setFrameShape(QFrame::StyledPanel);
        auto *layout = new QVBoxLayout(this);
        auto *header = new QHBoxLayout;
        m_refId->setObjectName(QStringLiteral("queryRefId"));
        m_refId->setMaximumWidth(80);
        m_refId->setToolTip(tr("Query name (refId), used by overrides and legends"));
        header->addWidget(m_refId);
        m_hide->setObjectName(QStringLiteral("queryHide"));
        m_hide->setChecked(target.hide);
        m_hide->setToolTip(tr("Run the query but do not draw it"));
        header->addWidget(m_hide);
        header->addStretch();
        m_duplicate->setObjectName(QStringLiteral("queryDuplicate"));
        m_duplicate->setText(tr("Duplicate"));
        m_remove->setObjectName(QStringLiteral("queryRemove"));
        m_remove->setText(tr("Remove"));
        header->addWidget(m_duplicate);
        header->addWidget(m_remove);
        layout->addLayout(header);

        m_expr->setObjectName(QStringLiteral("queryExpr"));
        m_expr->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_expr->setPlaceholderText(
            tr("PromQL, e.g. sum by (job) (rate(http_requests_total[$__rate_interval]))  —  "
               "Ctrl+Space completes"));
        m_expr->setTabChangesFocus(true);
        m_expr->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        m_expr->setPlainText(target.expr);
        m_expr->setMinimumHeight(m_expr->fontMetrics().lineSpacing() * 4);
        m_expr->setMaximumHeight(m_expr->fontMetrics().lineSpacing() * 9);
        new PromqlHighlighter(m_expr->document());
        m_completer = new PromqlCompleter(m_expr, source, this);
        layout->addWidget(m_expr);

        auto *options = new QHBoxLayout;
        m_legend->setObjectName(QStringLiteral("queryLegend"));
        m_legend->setPlaceholderText(tr("Legend, e.g. {{instance}}"));
        options->addWidget(new QLabel(tr("Legend"), this));
        options->addWidget(m_legend, 1);
        m_format->setObjectName(QStringLiteral("queryFormat"));
        m_format->addItem(tr("Time series"), kTimeSeries);
        m_format->addItem(tr("Table"), QStringLiteral("table"));
        m_format->addItem(tr("Heatmap"), QStringLiteral("heatmap"));
        const QString format = target.format.isEmpty() ? kTimeSeries : target.format;
        if (m_format->findData(format) < 0)
            m_format->addItem(format, format);
        m_format->setCurrentIndex(m_format->findData(format));
        options->addWidget(new QLabel(tr("Format"), this));
        options->addWidget(m_format);
        m_instant->setObjectName(QStringLiteral("queryInstant"));
        m_instant->setChecked(target.instant);
        m_instant->setToolTip(tr("One value at the end of the range instead of a series"));
        options->addWidget(m_instant);
        layout->addLayout(options);
    }

    Target target() const
    {
        Target t = m_target;
        t.refId = m_refId->text().trimmed();
        t.expr = m_expr->toPlainText();
        t.legendFormat = m_legend->text();
        t.instant = m_instant->isChecked();
        t.hide = m_hide->isChecked();
        const QString format = m_format->currentData().toString();
        // An unset format means time_series; keep it unset unless it was changed.
        t.format = (format == kTimeSeries && m_target.format.isEmpty()) ? QString() : format;
        return t;
    }

    void setRefId(const QString &refId) { m_refId->setText(refId); }
    QPlainTextEdit *exprEdit() const { return m_expr; }
    PromqlCompleter *completer() const { return m_completer; }
    QToolButton *duplicateButton() const { return m_duplicate; }
    QToolButton *removeButton() const { return m_remove; }

private:
    Target m_target;
    QLineEdit *m_refId;
    QPlainTextEdit *m_expr;
    QLineEdit *m_legend;
    QCheckBox *m_instant;
    QComboBox *m_format;
    QCheckBox *m_hide;
    QToolButton *m_duplicate;
    QToolButton *m_remove;
    PromqlCompleter *m_completer = nullptr;
};

QStringList PanelEditor::panelTypes()
{
    return {QStringLiteral("timeseries"), QStringLiteral("stat"),  QStringLiteral("gauge"),
            QStringLiteral("bargauge"),   QStringLiteral("table"), QStringLiteral("piechart"),
            QStringLiteral("heatmap"),    QStringLiteral("text"),  QStringLiteral("alertlist")};
}

QStringList PanelEditor::commonUnits()
{
    return {QStringLiteral("short"),       QStringLiteral("none"),  QStringLiteral("percent"),
            QStringLiteral("percentunit"), QStringLiteral("s"),     QStringLiteral("ms"),
            QStringLiteral("µs"),          QStringLiteral("bytes"), QStringLiteral("decbytes"),
            QStringLiteral("bps"),         QStringLiteral("Bps"),   QStringLiteral("reqps"),
            QStringLiteral("ops"),         QStringLiteral("pps"),   QStringLiteral("iops"),
            QStringLiteral("dtdurations")};
}

PanelEditor::PanelEditor(const Panel &panel, CompletionSource *source, QWidget *parent)
    : QDialog(parent), m_panel(panel), m_title(new QLineEdit(panel.title, this)),
      m_description(new QPlainTextEdit(this)), m_type(new QComboBox(this)),
      m_tabs(new QTabWidget(this)), m_queryTab(new QWidget(this)), m_queryList(new QVBoxLayout),
      m_help(new QLabel(this)), m_unit(new QComboBox(this)), m_decimals(new QSpinBox(this)),
      m_min(new QLineEdit(numberText(panel.min), this)),
      m_max(new QLineEdit(numberText(panel.max), this)), m_thresholds(new QTableWidget(0, 2, this)),
      m_thresholdMode(new QComboBox(this)), m_textTab(new QWidget(this)),
      m_textContent(new QPlainTextEdit(this)), m_textMode(new QComboBox(this)),
      m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("panelEditor"));
    setWindowTitle(panel.title.isEmpty() ? tr("Edit panel")
                                         : tr("Edit panel: %1").arg(panel.title));
    resize(820, 680);
    if (source)
        m_cache = new CompletionCache(source, this);
    auto *layout = new QVBoxLayout(this);

    auto *general = new QFormLayout;
    m_title->setObjectName(QStringLiteral("panelTitle"));
    general->addRow(tr("Title"), m_title);
    m_type->setObjectName(QStringLiteral("panelType"));
    QStringList types = panelTypes();
    if (!types.contains(panel.type))
        types.append(panel.type); // kept as it is (graph, singlestat, a plugin, or none)
    m_type->addItems(types);
    m_type->setCurrentText(panel.type);
    general->addRow(tr("Type"), m_type);
    m_description->setObjectName(QStringLiteral("panelDescription"));
    m_description->setPlainText(panel.description);
    m_description->setMaximumHeight(m_description->fontMetrics().lineSpacing() * 4);
    m_description->setTabChangesFocus(true);
    general->addRow(tr("Description"), m_description);
    layout->addLayout(general);

    // Queries: one editor per target, stacked as in Grafana's query tab.
    m_tabs->setObjectName(QStringLiteral("panelEditorTabs"));
    auto *queryLayout = new QVBoxLayout(m_queryTab);
    auto *scroll = new QScrollArea(m_queryTab);
    scroll->setWidgetResizable(true);
    auto *listHost = new QWidget(scroll);
    auto *listLayout = new QVBoxLayout(listHost);
    listLayout->addLayout(m_queryList);
    listLayout->addStretch();
    scroll->setWidget(listHost);
    queryLayout->addWidget(scroll, 1);
    m_help->setObjectName(QStringLiteral("queryHelp"));
    m_help->setTextFormat(Qt::PlainText);
    m_help->setWordWrap(true);
    queryLayout->addWidget(m_help);
    auto *add = new QPushButton(tr("Add query"), m_queryTab);
    add->setObjectName(QStringLiteral("queryAdd"));
    connect(add, &QPushButton::clicked, this, &PanelEditor::addQuery);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(add);
    addRow->addStretch();
    queryLayout->addLayout(addRow);
    for (const Target &t : panel.targets)
        insertQuery(int(m_queries.size()), t);
    m_tabs->addTab(m_queryTab, tr("Queries"));

    // Standard options and thresholds.
    auto *optionsTab = new QWidget(this);
    auto *options = new QFormLayout(optionsTab);
    m_unit->setObjectName(QStringLiteral("panelUnit"));
    m_unit->setEditable(true);
    m_unit->addItem(QString());
    m_unit->addItems(commonUnits());
    m_unit->setCurrentText(panel.unit);
    m_unit->setToolTip(
        tr("A Grafana unit id (short, percent, s, bytes, reqps, ...); empty = none set"));
    options->addRow(tr("Unit"), m_unit);
    m_decimals->setObjectName(QStringLiteral("panelDecimals"));
    m_decimals->setRange(-1, 20);
    m_decimals->setSpecialValueText(tr("auto"));
    m_decimals->setValue(qBound(-1, panel.decimals, 20));
    options->addRow(tr("Decimals"), m_decimals);
    m_min->setObjectName(QStringLiteral("panelMin"));
    m_min->setPlaceholderText(tr("auto"));
    options->addRow(tr("Min"), m_min);
    m_max->setObjectName(QStringLiteral("panelMax"));
    m_max->setPlaceholderText(tr("auto"));
    options->addRow(tr("Max"), m_max);

    m_thresholds->setObjectName(QStringLiteral("panelThresholds"));
    m_thresholds->setHorizontalHeaderLabels({tr("From value"), tr("Colour")});
    m_thresholds->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_thresholds->verticalHeader()->hide();
    m_thresholds->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_thresholds->setSelectionMode(QAbstractItemView::SingleSelection);
    for (const ThresholdStep &step : panel.thresholds)
        addThresholdRow(step);
    connect(m_thresholds, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (item->column() == 1)
            updateSwatch(item->row());
    });
    auto *thresholdBox = new QVBoxLayout;
    thresholdBox->addWidget(m_thresholds);
    auto *thresholdButtons = new QHBoxLayout;
    auto *addStep = new QPushButton(tr("Add step"), optionsTab);
    addStep->setObjectName(QStringLiteral("thresholdAdd"));
    connect(addStep, &QPushButton::clicked, this, &PanelEditor::addThresholdStep);
    auto *removeStep = new QPushButton(tr("Remove step"), optionsTab);
    removeStep->setObjectName(QStringLiteral("thresholdRemove"));
    connect(removeStep, &QPushButton::clicked, this, &PanelEditor::removeThresholdStep);
    auto *pickColour = new QPushButton(tr("Colour…"), optionsTab);
    connect(pickColour, &QPushButton::clicked, this, [this] {
        const int row = m_thresholds->currentRow();
        if (row < 0)
            return;
        const QColor initial = namedColor(m_thresholds->item(row, 1)->text(), Qt::white);
        const QColor c = QColorDialog::getColor(initial, this, tr("Threshold colour"));
        if (c.isValid())
            m_thresholds->item(row, 1)->setText(c.name());
    });
    m_thresholdMode->setObjectName(QStringLiteral("thresholdMode"));
    m_thresholdMode->addItem(tr("Absolute"), false);
    m_thresholdMode->addItem(tr("Percentage"), true);
    m_thresholdMode->setCurrentIndex(panel.thresholdsPercent ? 1 : 0);
    m_thresholdMode->setToolTip(tr("Percentage: step values are percent of min..max"));
    thresholdButtons->addWidget(addStep);
    thresholdButtons->addWidget(removeStep);
    thresholdButtons->addWidget(pickColour);
    thresholdButtons->addStretch();
    thresholdButtons->addWidget(m_thresholdMode);
    thresholdBox->addLayout(thresholdButtons);
    options->addRow(tr("Thresholds"), thresholdBox);
    m_tabs->addTab(optionsTab, tr("Standard options"));

    // Text panels: content and mode live in options (legacy panels: top level).
    const QJsonObject opts = panel.options();
    const QString contentKey = QStringLiteral("content");
    const QString modeKey = QStringLiteral("mode");
    m_originalContent = opts.contains(contentKey) ? opts.value(contentKey).toString()
                                                  : panel.raw.value(contentKey).toString();
    m_originalMode = opts.contains(modeKey) ? opts.value(modeKey).toString()
                                            : panel.raw.value(modeKey).toString();
    auto *textLayout = new QFormLayout(m_textTab);
    m_textMode->setObjectName(QStringLiteral("textMode"));
    m_textMode->addItems(
        {QStringLiteral("markdown"), QStringLiteral("html"), QStringLiteral("code")});
    if (!m_originalMode.isEmpty() && m_textMode->findText(m_originalMode) < 0)
        m_textMode->addItem(m_originalMode);
    m_textMode->setCurrentText(m_originalMode.isEmpty() ? QStringLiteral("markdown")
                                                        : m_originalMode);
    textLayout->addRow(tr("Mode"), m_textMode);
    m_textContent->setObjectName(QStringLiteral("textContent"));
    m_textContent->setPlainText(m_originalContent);
    m_textContent->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    textLayout->addRow(tr("Content"), m_textContent);
    m_tabs->addTab(m_textTab, tr("Text"));
    layout->addWidget(m_tabs, 1);

    connect(m_type, &QComboBox::currentTextChanged, this, &PanelEditor::updateTypeDependentParts);
    updateTypeDependentParts();

    m_error->setObjectName(QStringLiteral("panelEditorError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #ff7383; }"));
    m_error->hide();
    layout->addWidget(m_error);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PanelEditor::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
}

PanelEditor::~PanelEditor() = default;

void PanelEditor::updateTypeDependentParts()
{
    const bool text = m_type->currentText() == QLatin1String("text");
    m_tabs->setTabVisible(m_tabs->indexOf(m_textTab), text);
    // A text panel has no queries to edit, unless it came with some.
    m_tabs->setTabVisible(m_tabs->indexOf(m_queryTab), !text || !m_queries.isEmpty());
}

PanelQueryEditor *PanelEditor::insertQuery(int index, const Target &target)
{
    auto *editor = new PanelQueryEditor(target, m_cache, m_queryTab);
    m_queryList->insertWidget(index, editor);
    m_queries.insert(index, editor);
    connect(editor->duplicateButton(), &QToolButton::clicked, this,
            [this, editor] { duplicateQuery(int(m_queries.indexOf(editor))); });
    connect(editor->removeButton(), &QToolButton::clicked, this,
            [this, editor] { removeQuery(int(m_queries.indexOf(editor))); });
    connect(editor->completer(), &PromqlCompleter::helpChanged, this,
            [this](const QString &metric, const QString &help) {
                m_help->setText(help.isEmpty() ? QString() : metric + QStringLiteral(" — ") + help);
                m_help->setToolTip(plainToolTip(help));
            });
    return editor;
}

QString PanelEditor::nextRefId() const
{
    QSet<QString> used;
    for (const PanelQueryEditor *q : m_queries)
        used.insert(q->target().refId);
    // A, B, ..., Z, AA, AB, ... as Grafana names them.
    for (int i = 0;; ++i) {
        QString id;
        int n = i;
        do {
            id.prepend(QChar(QLatin1Char('A').unicode() + n % 26));
            n = n / 26 - 1;
        } while (n >= 0);
        if (!used.contains(id))
            return id;
    }
}

void PanelEditor::addQuery()
{
    Target t;
    t.refId = nextRefId();
    PanelQueryEditor *editor = insertQuery(int(m_queries.size()), t);
    updateTypeDependentParts();
    editor->exprEdit()->setFocus();
}

void PanelEditor::duplicateQuery(int index)
{
    if (index < 0 || index >= m_queries.size())
        return;
    Target t = m_queries.at(index)->target();
    t.refId = nextRefId();
    insertQuery(index + 1, t);
}

void PanelEditor::removeQuery(int index)
{
    if (index < 0 || index >= m_queries.size())
        return;
    PanelQueryEditor *editor = m_queries.takeAt(index);
    editor->hide();
    editor->deleteLater();
    updateTypeDependentParts();
}

void PanelEditor::addThresholdRow(const ThresholdStep &step)
{
    const int row = m_thresholds->rowCount();
    m_thresholds->insertRow(row);
    auto *value = new QTableWidgetItem(step.value ? numberText(step.value) : tr("Base"));
    if (!step.value) {
        value->setFlags(value->flags() & ~Qt::ItemIsEditable);
        value->setData(Qt::UserRole, true); // the base step: from -infinity
        value->setToolTip(tr("The colour below the first step"));
    }
    m_thresholds->setItem(row, 0, value);
    m_thresholds->setItem(row, 1, new QTableWidgetItem(step.color));
    updateSwatch(row);
}

void PanelEditor::addThresholdStep()
{
    ThresholdStep step;
    if (m_thresholds->rowCount() == 0) {
        step.color = QStringLiteral("green");
    } else {
        double highest = 0;
        bool any = false;
        for (int row = 0; row < m_thresholds->rowCount(); ++row) {
            bool ok = false;
            const auto v = parseNumber(m_thresholds->item(row, 0)->text(), &ok);
            if (!m_thresholds->item(row, 0)->data(Qt::UserRole).toBool() && ok && v) {
                highest = any ? std::max(highest, *v) : *v;
                any = true;
            }
        }
        step.value = any ? highest + 10 : 80;
        step.color = QStringLiteral("red");
    }
    addThresholdRow(step);
    m_thresholds->setCurrentCell(m_thresholds->rowCount() - 1, 0);
}

void PanelEditor::removeThresholdStep()
{
    const int row = m_thresholds->currentRow();
    if (row < 0)
        return;
    // The base step stays while others need it as their floor.
    if (m_thresholds->item(row, 0)->data(Qt::UserRole).toBool() && m_thresholds->rowCount() > 1)
        return;
    m_thresholds->removeRow(row);
}

void PanelEditor::updateSwatch(int row)
{
    QTableWidgetItem *item = m_thresholds->item(row, 1);
    if (!item)
        return;
    const QSignalBlocker quiet(m_thresholds); // the icon change is an itemChanged too
    item->setIcon(swatch(item->text()));
}

Panel PanelEditor::panel() const
{
    Panel p = m_panel;
    p.title = m_title->text();
    p.description = m_description->toPlainText();
    p.type = m_type->currentText();
    p.targets.clear();
    for (const PanelQueryEditor *q : m_queries)
        p.targets.append(q->target());
    p.unit = m_unit->currentText().trimmed();
    p.decimals = m_decimals->value();
    bool ok = false;
    p.min = parseNumber(m_min->text(), &ok);
    p.max = parseNumber(m_max->text(), &ok);
    p.thresholds.clear();
    for (int row = 0; row < m_thresholds->rowCount(); ++row) {
        ThresholdStep step;
        if (!m_thresholds->item(row, 0)->data(Qt::UserRole).toBool())
            step.value = parseNumber(m_thresholds->item(row, 0)->text(), &ok);
        step.color = m_thresholds->item(row, 1)->text().trimmed();
        p.thresholds.append(step);
    }
    // Grafana keeps steps ascending with the base step first.
    std::stable_sort(p.thresholds.begin(), p.thresholds.end(),
                     [](const ThresholdStep &a, const ThresholdStep &b) {
                         if (!a.value || !b.value)
                             return !a.value && b.value;
                         return *a.value < *b.value;
                     });
    p.thresholdsPercent = m_thresholdMode->currentData().toBool();

    const QString content = m_textContent->toPlainText();
    const QString mode = m_textMode->currentText();
    const bool modeChanged =
        mode != (m_originalMode.isEmpty() ? QStringLiteral("markdown") : m_originalMode);
    if (content != m_originalContent || modeChanged) {
        const QString contentKey = QStringLiteral("content");
        const QString modeKey = QStringLiteral("mode");
        const QString optionsKey = QStringLiteral("options");
        QJsonObject opts = p.raw.value(optionsKey).toObject();
        // Legacy text panels keep their text at the top level; write it where it was.
        if (!opts.contains(contentKey) && p.raw.contains(contentKey)) {
            p.raw.insert(contentKey, content);
            p.raw.insert(modeKey, mode);
        } else {
            opts.insert(contentKey, content);
            opts.insert(modeKey, mode);
            p.raw.insert(optionsKey, opts);
        }
    }
    return p;
}

QString PanelEditor::problem() const
{
    QSet<QString> refIds;
    for (int i = 0; i < m_queries.size(); ++i) {
        const Target t = m_queries.at(i)->target();
        const QString name = t.refId.isEmpty() ? QString::number(i + 1) : t.refId;
        if (t.expr.trimmed().isEmpty())
            return tr("Query %1 has no expression.").arg(name);
        if (!t.refId.isEmpty() && refIds.contains(t.refId))
            return tr("Two queries are named %1; names must differ.").arg(t.refId);
        refIds.insert(t.refId);
    }
    bool minOk = false;
    bool maxOk = false;
    const auto min = parseNumber(m_min->text(), &minOk);
    const auto max = parseNumber(m_max->text(), &maxOk);
    if (!minOk)
        return tr("Min \"%1\" is not a number (leave it empty for auto).")
            .arg(m_min->text().trimmed());
    if (!maxOk)
        return tr("Max \"%1\" is not a number (leave it empty for auto).")
            .arg(m_max->text().trimmed());
    if (min && max && *min > *max)
        return tr("Min (%1) is greater than max (%2).").arg(numberText(min), numberText(max));
    for (int row = 0; row < m_thresholds->rowCount(); ++row) {
        if (m_thresholds->item(row, 0)->data(Qt::UserRole).toBool())
            continue;
        bool ok = false;
        const QString text = m_thresholds->item(row, 0)->text();
        const auto v = parseNumber(text, &ok);
        if (!ok || !v)
            return tr("Threshold step %1: \"%2\" is not a number.")
                .arg(row + 1)
                .arg(text.trimmed());
        if (m_thresholds->item(row, 1)->text().trimmed().isEmpty())
            return tr("Threshold step %1 has no colour.").arg(row + 1);
    }
    return {};
}

QString PanelEditor::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void PanelEditor::accept()
{
    const QString reason = problem();
    if (!reason.isEmpty()) {
        m_error->setText(reason);
        m_error->show();
        return;
    }
    m_error->hide();
    QDialog::accept();
}
