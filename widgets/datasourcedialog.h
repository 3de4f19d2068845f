#pragma once

#include "datasource.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

class HttpJob;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QTableWidget;
class QTreeWidget;
class QWidget;
struct HttpResult;

/// Settings > Datasources: the list of datasources on the left, the selected one's
/// form on the right (name, type, URL, authentication, headers, query parameters,
/// TLS, timeouts), Add / Duplicate / Remove and "Save & test", which validates the
/// form and asks the server who it is (Prometheus buildinfo, Alertmanager status,
/// Jaeger services) with the datasource's own authentication and TLS.
///
/// Secrets are never shown: a password field stays empty with a "stored in
/// keychain" placeholder when one exists, and an empty field keeps it. Provisioned
/// datasources are shown read-only with the file they come from. The dialog writes no
/// settings itself: `saved` hands the list to whoever stores it (DatasourceSettings
/// and SecretStore).
class DatasourceDialog final : public QDialog
{
    Q_OBJECT
public:
    DatasourceDialog(QNetworkAccessManager *nam, const QList<Datasource> &list,
                     QWidget *parent = nullptr);
    ~DatasourceDialog() override;

    /// The edited list, secrets included (in memory), provisioned entries unchanged.
    QList<Datasource> datasources() const { return m_list; }
    /// Datasources removed or given another uid since the dialog opened: their
    /// keychain entries should be deleted.
    QList<Datasource> removedDatasources() const { return m_removed; }
    /// Header names removed from a datasource (by uid): their keychain values should
    /// be deleted (SecretStore::store's droppedHeaders).
    QStringList droppedHeaders(const QString &uid) const { return m_droppedHeaders.value(uid); }
    /// Shown above the form, e.g. SecretStore::noKeychainMessage(); empty hides it and
    /// secret fields say "stored in keychain".
    void setKeychainNote(const QString &note);

    int currentRow() const { return m_current; }
    void selectRow(int row);
    void addDatasource();
    void duplicateDatasource();
    void removeDatasource();
    /// Validates the form, emits `saved` (unless the datasource is provisioned) and
    /// tests the server; the outcome appears under the form and in `testFinished`.
    void saveAndTest();
    QString resultText() const;

signals:
    void saved(const QList<Datasource> &list);
    /// The text shown for the last test ("Prometheus 2.42.0 — OK", or what failed).
    void testFinished(const QString &text);

private:
    void buildUi();
    void refreshList();
    void loadForm(int row);
    /// Writes the form into the selected datasource; with `validate`, checks it and
    /// returns what is wrong ("" when fine) without changing anything then.
    QString commitForm(bool validate);
    void updateVisibility();
    void addHeaderRow(const QString &name, bool hasValue);
    void showResult(const QString &text);
    void startTest(const Datasource &d, const QString &path, bool jaegerV3);
    void testDone(const Datasource &d, const HttpResult &result, bool jaegerV3);
    QString secretPlaceholder() const;
    bool isReadOnly(int row) const;

    QNetworkAccessManager *m_nam;
    QList<Datasource> m_list;
    QList<Datasource> m_removed;
    QHash<QString, QStringList> m_droppedHeaders;
    int m_current = -1;
    QString m_keychainNote;
    QPointer<HttpJob> m_job;

    QTreeWidget *m_listView = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_saveTest = nullptr;
    QLabel *m_keychainLabel = nullptr;
    QLabel *m_provisionedNote = nullptr;
    QWidget *m_form = nullptr;
    QFormLayout *m_formLayout = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_uid = nullptr;
    QComboBox *m_type = nullptr;
    QLineEdit *m_url = nullptr;
    QCheckBox *m_default = nullptr;
    QComboBox *m_environment = nullptr;
    QComboBox *m_auth = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_passwordEnv = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_tokenEnv = nullptr;
    QLineEdit *m_authHeader = nullptr;
    QTableWidget *m_headers = nullptr;
    QLineEdit *m_queryParams = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_certFile = nullptr;
    QLineEdit *m_keyFile = nullptr;
    QLineEdit *m_serverName = nullptr;
    QCheckBox *m_skipVerify = nullptr;
    QLabel *m_skipVerifyWarning = nullptr;
    QLineEdit *m_timeout = nullptr;
    QLineEdit *m_scrapeInterval = nullptr;
    QLineEdit *m_exemplarLabel = nullptr;
    QLabel *m_result = nullptr;
};
