#pragma once

#include <QFrame>
#include <QList>

class QLineEdit;
class QListWidget;

/// Grafana's panel search as a small popup: type to filter the dashboard's panels by
/// title (every word must appear, any case), Up/Down to choose, Enter to go there
/// (panelChosen), Esc to close. Titles come from dashboard files: shown as plain text.
class PanelFinder final : public QFrame
{
    Q_OBJECT
public:
    struct Entry
    {
        int id = 0;
        QString title;
        /// The row the panel sits under, shown after the title ("" = none).
        QString row;
    };

    explicit PanelFinder(QWidget *parent = nullptr);

    void setPanels(const QList<Entry> &panels);
    QLineEdit *searchField() const { return m_search; }
    QListWidget *list() const { return m_list; }
    /// The ids the filter lets through, in the list's order.
    QList<int> shownIds() const;

signals:
    void panelChosen(int id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter();
    void choose();

    QLineEdit *m_search;
    QListWidget *m_list;
    QList<Entry> m_panels;
};
