#pragma once

#include "dashboard.h"

#include <QDialog>
#include <QList>

class CompletionCache;
class CompletionSource;
class PanelQueryEditor;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;
class QTableWidget;
class QVBoxLayout;

/// Edits one panel: title, description, type, queries (PromQL with highlighting and
/// completion from `source`), unit, decimals, min/max, thresholds and, for text
/// panels, the content and mode. panel() is the panel given, with only what the form
/// shows replaced, so everything else (raw JSON, overrides, position, id) is kept.
/// OK is refused, with the reason shown, while an expression is empty, a number does
/// not parse or min > max.
class PanelEditor final : public QDialog
{
    Q_OBJECT
public:
    /// `source` may be null (no server completion; function names still complete). It
    /// must outlive the dialog; its answers are cached for the dialog's lifetime.
    explicit PanelEditor(const Panel &panel, CompletionSource *source = nullptr,
                         QWidget *parent = nullptr);
    ~PanelEditor() override;

    /// The edited copy.
    Panel panel() const;
    /// Why the form cannot be accepted now, or empty.
    QString problem() const;
    /// The reason shown for the last refused OK, or empty.
    QString errorText() const;

    int queryCount() const { return int(m_queries.size()); }
    void addQuery();
    void duplicateQuery(int index);
    void removeQuery(int index);

    /// The panel types offered (the current type is added when it is another).
    static QStringList panelTypes();
    /// Grafana's common unit ids offered in the unit box (any other id may be typed).
    static QStringList commonUnits();

public slots:
    void accept() override;

private:
    PanelQueryEditor *insertQuery(int index, const Target &target);
    QString nextRefId() const;
    void updateTypeDependentParts();
    void addThresholdRow(const ThresholdStep &step);
    void addThresholdStep();
    void removeThresholdStep();
    void updateSwatch(int row);

    Panel m_panel;
    CompletionCache *m_cache = nullptr;
    QLineEdit *m_title;
    QPlainTextEdit *m_description;
    QComboBox *m_type;
    QTabWidget *m_tabs;
    QWidget *m_queryTab;
    QVBoxLayout *m_queryList;
    QList<PanelQueryEditor *> m_queries;
    QLabel *m_help;
    QComboBox *m_unit;
    QSpinBox *m_decimals;
    QLineEdit *m_min;
    QLineEdit *m_max;
    QTableWidget *m_thresholds;
    QComboBox *m_thresholdMode;
    QWidget *m_textTab;
    QPlainTextEdit *m_textContent;
    QComboBox *m_textMode;
    QString m_originalContent;
    QString m_originalMode;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};
