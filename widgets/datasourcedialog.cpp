#include "datasourcedialog.h"

#include "datasourcesettings.h"
#include "httpjob.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr qint64 kTestMaxBytes = 1024 * 1024;

QLabel *plainLabel(const QString &text = {}, QWidget *parent = nullptr)
{
    auto *l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

QLineEdit *secretEdit(const QString &objectName)
{
    auto *e = new QLineEdit;
    e->setObjectName(objectName);
    e->setEchoMode(QLineEdit::Password);
    return e;
}

QString formatInterval(int ms)
{
    if (ms <= 0)
        return {};
    if (ms % 60000 == 0 && ms >= 60000)
        return QStringLiteral("%1m").arg(ms / 60000);
    if (ms % 1000 == 0)
        return QStringLiteral("%1s").arg(ms / 1000);
    return QStringLiteral("%1ms").arg(ms);
}

QString queryText(const QList<std::pair<QString, QString>> &params)
{
    QUrlQuery q;
    for (const auto &[k, v] : params)
        q.addQueryItem(k, v);
    return q.toString(QUrl::PrettyDecoded);
}

QString originFile(const Datasource &d)
{
    QString where = d.origin;
    where.remove(QRegularExpression(QStringLiteral("^provisioning:?\\s*")));
    return where.isEmpty() ? QCoreApplication::translate("DatasourceDialog", "a provisioning file") : where;
}

/// A file field with a "…" button that opens a file chooser.
QWidget *fileRow(QLineEdit *edit, QWidget *dialog, const QString &title)
{
    auto *row = new QWidget;
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(edit, 1);
    auto *browse = new QPushButton(QStringLiteral("…"));
    browse->setAccessibleName(title);
    h->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, dialog, [edit, dialog, title] {
        const QString f = QFileDialog::getOpenFileName(dialog, title, edit->text());
        if (!f.isEmpty())
            edit->setText(f);
    });
    return row;
}

} // namespace

DatasourceDialog::DatasourceDialog(QNetworkAccessManager *nam, const QList<Datasource> &list,
                                   QWidget *parent)
    : QDialog(parent), m_nam(nam), m_list(list)
{
    setWindowTitle(tr("Datasources"));
    setObjectName(QStringLiteral("datasourceDialog"));
    buildUi();
    refreshList();
    selectRow(m_list.isEmpty() ? -1 : 0);
}

DatasourceDialog::~DatasourceDialog()
{
    if (m_job)
        m_job->abort();
}

void DatasourceDialog::buildUi()
{
    auto *outer = new QVBoxLayout(this);
    m_keychainLabel = plainLabel();
    m_keychainLabel->setObjectName(QStringLiteral("dsKeychainNote"));
    m_keychainLabel->hide();
    outer->addWidget(m_keychainLabel);

    auto *splitter = new QSplitter(Qt::Horizontal);
    outer->addWidget(splitter, 1);

    // Left: the list and its buttons.
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_listView = new QTreeWidget;
    m_listView->setObjectName(QStringLiteral("dsList"));
    m_listView->setHeaderLabels({tr("Name"), tr("Type"),
                                 tr("Environment"), QStringLiteral("")});
    m_listView->setRootIsDecorated(false);
    m_listView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_listView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    leftLayout->addWidget(m_listView, 1);
    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add"));
    m_add->setObjectName(QStringLiteral("dsAdd"));
    m_duplicate = new QPushButton(tr("Duplicate"));
    m_duplicate->setObjectName(QStringLiteral("dsDuplicate"));
    m_remove = new QPushButton(tr("Remove"));
    m_remove->setObjectName(QStringLiteral("dsRemove"));
    buttons->addWidget(m_add);
    buttons->addWidget(m_duplicate);
    buttons->addWidget(m_remove);
    leftLayout->addLayout(buttons);
    splitter->addWidget(left);

    // Right: the form, the result of the last test, "Save & test".
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_provisionedNote = plainLabel();
    m_provisionedNote->setObjectName(QStringLiteral("dsProvisionedNote"));
    m_provisionedNote->hide();
    rightLayout->addWidget(m_provisionedNote);

    m_form = new QWidget;
    m_form->setObjectName(QStringLiteral("dsForm"));
    m_formLayout = new QFormLayout(m_form);
    auto *f = m_formLayout;

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("dsName"));
    f->addRow(tr("Name"), m_name);
    m_uid = new QLineEdit;
    m_uid->setObjectName(QStringLiteral("dsUid"));
    m_uid->setPlaceholderText(tr("made from the name"));
    f->addRow(tr("UID"), m_uid);
    m_type = new QComboBox;
    m_type->setObjectName(QStringLiteral("dsType"));
    m_type->addItems(
        {QStringLiteral("prometheus"), QStringLiteral("alertmanager"), QStringLiteral("jaeger")});
    f->addRow(tr("Type"), m_type);
    m_url = new QLineEdit;
    m_url->setObjectName(QStringLiteral("dsUrl"));
    m_url->setPlaceholderText(tr("http://localhost:9090 (with a path prefix if any)"));
    f->addRow(tr("URL"), m_url);
    m_default = new QCheckBox(tr("Default of its type (in its environment)"));
    m_default->setObjectName(QStringLiteral("dsDefault"));
    f->addRow(QString(), m_default);
    m_environment = new QComboBox;
    m_environment->setObjectName(QStringLiteral("dsEnvironment"));
    m_environment->setEditable(true);
    m_environment->lineEdit()->setPlaceholderText(tr("every environment"));
    f->addRow(tr("Environment"), m_environment);

    m_auth = new QComboBox;
    m_auth->setObjectName(QStringLiteral("dsAuth"));
    m_auth->addItem(tr("None"), int(Datasource::Auth::None));
    m_auth->addItem(tr("Basic"), int(Datasource::Auth::Basic));
    m_auth->addItem(tr("Bearer token"), int(Datasource::Auth::Bearer));
    m_auth->addItem(tr("Custom Authorization header"), int(Datasource::Auth::Header));
    f->addRow(tr("Authentication"), m_auth);
    m_user = new QLineEdit;
    m_user->setObjectName(QStringLiteral("dsUser"));
    f->addRow(tr("User"), m_user);
    m_password = secretEdit(QStringLiteral("dsPassword"));
    f->addRow(tr("Password"), m_password);
    m_passwordEnv = new QLineEdit;
    m_passwordEnv->setObjectName(QStringLiteral("dsPasswordEnv"));
    m_passwordEnv->setPlaceholderText(tr("or the name of an environment variable"));
    f->addRow(tr("Password variable"), m_passwordEnv);
    m_token = secretEdit(QStringLiteral("dsToken"));
    f->addRow(tr("Token"), m_token);
    m_tokenEnv = new QLineEdit;
    m_tokenEnv->setObjectName(QStringLiteral("dsTokenEnv"));
    m_tokenEnv->setPlaceholderText(tr("or the name of an environment variable"));
    f->addRow(tr("Token variable"), m_tokenEnv);
    m_authHeader = secretEdit(QStringLiteral("dsAuthHeader"));
    f->addRow(tr("Authorization value"), m_authHeader);

    auto *headerBox = new QWidget;
    auto *headerLayout = new QVBoxLayout(headerBox);
    headerLayout->setContentsMargins(0, 0, 0, 0);
    m_headers = new QTableWidget(0, 2);
    m_headers->setObjectName(QStringLiteral("dsHeaders"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setMinimumHeight(90);
    m_headers->setMaximumHeight(140);
    headerLayout->addWidget(m_headers);
    auto *headerButtons = new QHBoxLayout;
    auto *addHeader = new QPushButton(tr("Add header"));
    addHeader->setObjectName(QStringLiteral("dsAddHeader"));
    auto *removeHeader = new QPushButton(tr("Remove header"));
    removeHeader->setObjectName(QStringLiteral("dsRemoveHeader"));
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch();
    headerLayout->addLayout(headerButtons);
    f->addRow(tr("HTTP headers"), headerBox);
    connect(addHeader, &QPushButton::clicked, this, [this] { addHeaderRow(QString(), false); });
    connect(removeHeader, &QPushButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0)
            m_headers->removeRow(m_headers->currentRow());
    });

    m_queryParams = new QLineEdit;
    m_queryParams->setObjectName(QStringLiteral("dsQueryParams"));
    m_queryParams->setPlaceholderText(QStringLiteral("dedup=true&partial_response=false"));
    f->addRow(tr("Query parameters"), m_queryParams);

    m_caFile = new QLineEdit;
    m_caFile->setObjectName(QStringLiteral("dsCaFile"));
    m_caFile->setPlaceholderText(tr("system CAs only"));
    f->addRow(tr("CA certificate"),
              fileRow(m_caFile, this, tr("CA certificate (PEM)")));
    m_certFile = new QLineEdit;
    m_certFile->setObjectName(QStringLiteral("dsCertFile"));
    f->addRow(tr("Client certificate"),
              fileRow(m_certFile, this, tr("Client certificate (PEM)")));
    m_keyFile = new QLineEdit;
    m_keyFile->setObjectName(QStringLiteral("dsKeyFile"));
    f->addRow(tr("Client key"),
              fileRow(m_keyFile, this, tr("Client key (PEM)")));
    m_serverName = new QLineEdit;
    m_serverName->setObjectName(QStringLiteral("dsServerName"));
    m_serverName->setPlaceholderText(tr("the URL's host"));
    f->addRow(tr("TLS server name"), m_serverName);
    m_skipVerify = new QCheckBox(tr("Skip TLS certificate verification"));
    m_skipVerify->setObjectName(QStringLiteral("dsSkipVerify"));
    f->addRow(QString(), m_skipVerify);
    m_skipVerifyWarning = plainLabel(tr(
        "Warning: without verification anyone on the network path can pose as this server, read "
        "the "
        "credentials sent to it and change its answers. Every panel using it shows this warning."));
    m_skipVerifyWarning->setObjectName(QStringLiteral("dsSkipVerifyWarning"));
    m_skipVerifyWarning->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
    f->addRow(QString(), m_skipVerifyWarning);

    m_timeout = new QLineEdit;
    m_timeout->setObjectName(QStringLiteral("dsTimeout"));
    m_timeout->setPlaceholderText(QStringLiteral("30s"));
    f->addRow(tr("Timeout"), m_timeout);
    m_scrapeInterval = new QLineEdit;
    m_scrapeInterval->setObjectName(QStringLiteral("dsScrapeInterval"));
    m_scrapeInterval->setPlaceholderText(QStringLiteral("15s"));
    f->addRow(tr("Scrape interval"), m_scrapeInterval);
    m_exemplarLabel = new QLineEdit;
    m_exemplarLabel->setObjectName(QStringLiteral("dsExemplarLabel"));
    m_exemplarLabel->setPlaceholderText(QStringLiteral("trace_id"));
    f->addRow(tr("Exemplar trace-id label"), m_exemplarLabel);

    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_form);
    rightLayout->addWidget(scroll, 1);

    m_result = plainLabel();
    m_result->setObjectName(QStringLiteral("dsResult"));
    rightLayout->addWidget(m_result);
    auto *testRow = new QHBoxLayout;
    testRow->addStretch();
    m_saveTest = new QPushButton(tr("Save && test"));
    m_saveTest->setObjectName(QStringLiteral("dsSaveTest"));
    testRow->addWidget(m_saveTest);
    rightLayout->addLayout(testRow);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({400, 580});

    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    outer->addWidget(box);
    resize(980, 680);

    connect(m_listView, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        const int row = item ? m_listView->indexOfTopLevelItem(item) : -1;
        if (row == m_current)
            return;
        commitForm(false);
        loadForm(row);
        refreshList();
    });
    connect(m_add, &QPushButton::clicked, this, &DatasourceDialog::addDatasource);
    connect(m_duplicate, &QPushButton::clicked, this, &DatasourceDialog::duplicateDatasource);
    connect(m_remove, &QPushButton::clicked, this, &DatasourceDialog::removeDatasource);
    connect(m_saveTest, &QPushButton::clicked, this, &DatasourceDialog::saveAndTest);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &DatasourceDialog::updateVisibility);
    connect(m_skipVerify, &QCheckBox::toggled, this, &DatasourceDialog::updateVisibility);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(box, &QDialogButtonBox::accepted, this, [this] {
        if (m_current >= 0 && !isReadOnly(m_current)) {
            const QString error = commitForm(true);
            if (!error.isEmpty()) {
                showResult(tr("Not saved: %1").arg(error));
                return;
            }
        }
        emit saved(m_list);
        accept();
    });
}

QString DatasourceDialog::secretPlaceholder() const
{
    return m_keychainNote.isEmpty() ? tr("stored in keychain")
                                    : tr("kept for this session");
}

bool DatasourceDialog::isReadOnly(int row) const
{
    return row >= 0 && row < m_list.size() && DatasourceSettings::isProvisioned(m_list.at(row));
}

void DatasourceDialog::setKeychainNote(const QString &note)
{
    m_keychainNote = note;
    m_keychainLabel->setText(note);
    m_keychainLabel->setVisible(!note.isEmpty());
    if (m_current >= 0) {
        commitForm(false);
        loadForm(m_current);
    }
}

void DatasourceDialog::refreshList()
{
    const QSignalBlocker block(m_listView);
    m_listView->clear();
    for (const Datasource &d : m_list) {
        QStringList marks;
        if (d.isDefault)
            marks << tr("default");
        if (DatasourceSettings::isProvisioned(d))
            marks << tr("provisioned");
        auto *item = new QTreeWidgetItem(m_listView,
                                         {(d.isDefault ? QStringLiteral("★ ") : QString()) + d.name,
                                          d.type, d.environment, marks.join(QStringLiteral(", "))});
        if (DatasourceSettings::isProvisioned(d))
            item->setToolTip(0, tr("read-only: from %1").arg(originFile(d)));
    }
    if (m_current >= 0 && m_current < m_listView->topLevelItemCount())
        m_listView->setCurrentItem(m_listView->topLevelItem(m_current));
    m_duplicate->setEnabled(m_current >= 0);
    m_remove->setEnabled(m_current >= 0 && !isReadOnly(m_current));
}

void DatasourceDialog::selectRow(int row)
{
    commitForm(false);
    loadForm(row);
    refreshList();
}

void DatasourceDialog::addHeaderRow(const QString &name, bool hasValue)
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(name));
    QLineEdit *value = secretEdit(QStringLiteral("dsHeaderValue%1").arg(row));
    value->setFrame(false);
    if (hasValue)
        value->setPlaceholderText(secretPlaceholder());
    m_headers->setCellWidget(row, 1, value);
}

void DatasourceDialog::loadForm(int row)
{
    m_current = (row >= 0 && row < m_list.size()) ? row : -1;
    m_result->clear();
    const bool has = m_current >= 0;
    const Datasource d = has ? m_list.at(m_current) : Datasource();
    m_form->setEnabled(has && !isReadOnly(m_current));
    m_saveTest->setEnabled(has);
    m_provisionedNote->setVisible(has && isReadOnly(m_current));
    if (has && isReadOnly(m_current))
        m_provisionedNote->setText(
            tr("Provisioned from %1. Read-only here: edit that file to change it "
                           "(Save & test still tests it; Duplicate makes an editable copy).")
                .arg(originFile(d)));

    m_name->setText(d.name);
    m_uid->setText(d.uid);
    const int typeIndex = m_type->findText(d.type);
    if (typeIndex < 0 && !d.type.isEmpty())
        m_type->addItem(d.type);
    m_type->setCurrentIndex(
        m_type->findText(d.type.isEmpty() ? QStringLiteral("prometheus") : d.type));
    m_url->setText(d.url.adjusted(QUrl::RemovePassword).toString());
    m_default->setChecked(d.isDefault);
    m_environment->clear();
    m_environment->addItems(datasourceEnvironments(m_list));
    m_environment->setCurrentText(d.environment);
    m_auth->setCurrentIndex(m_auth->findData(int(d.auth)));
    m_user->setText(d.basicAuthUser);
    // Secrets are never put back into a field: an empty field keeps the stored one.
    for (auto [edit, secret] : {std::pair{m_password, !d.basicAuthPassword.isEmpty()},
                                std::pair{m_token, !d.bearerToken.isEmpty()},
                                std::pair{m_authHeader, !d.authorizationHeader.isEmpty()}}) {
        edit->clear();
        edit->setPlaceholderText(secret ? secretPlaceholder() : QString());
    }
    m_passwordEnv->setText(d.passwordEnv);
    m_tokenEnv->setText(d.tokenEnv);
    m_headers->setRowCount(0);
    for (const Datasource::Header &h : d.headers)
        addHeaderRow(h.name, !h.value.isEmpty());
    m_queryParams->setText(queryText(d.queryParams));
    m_caFile->setText(d.tlsCaFile);
    m_caFile->setPlaceholderText(d.tlsCaPem.isEmpty()
                                     ? tr("system CAs only")
                                     : tr("PEM text from the configuration"));
    m_certFile->setText(d.tlsClientCertFile);
    m_keyFile->setText(d.tlsClientKeyFile);
    m_keyFile->setPlaceholderText(d.tlsClientKeyPem.isEmpty() ? QString() : secretPlaceholder());
    m_serverName->setText(d.tlsServerName);
    m_skipVerify->setChecked(d.tlsSkipVerify);
    m_timeout->setText(has ? formatInterval(d.timeoutMs) : QString());
    m_scrapeInterval->setText(formatInterval(int(d.scrapeIntervalSeconds * 1000)));
    m_exemplarLabel->setText(has ? d.exemplarTraceIdLabel : QString());
    updateVisibility();
}

void DatasourceDialog::updateVisibility()
{
    const auto auth = Datasource::Auth(m_auth->currentData().toInt());
    m_formLayout->setRowVisible(m_user, auth == Datasource::Auth::Basic);
    m_formLayout->setRowVisible(m_password, auth == Datasource::Auth::Basic);
    m_formLayout->setRowVisible(m_passwordEnv, auth == Datasource::Auth::Basic);
    m_formLayout->setRowVisible(m_token, auth == Datasource::Auth::Bearer);
    m_formLayout->setRowVisible(m_tokenEnv, auth == Datasource::Auth::Bearer);
    m_formLayout->setRowVisible(m_authHeader, auth == Datasource::Auth::Header);
    m_formLayout->setRowVisible(m_skipVerifyWarning, m_skipVerify->isChecked());
}

QString DatasourceDialog::commitForm(bool validate)
{
    if (m_current < 0 || m_current >= m_list.size() || isReadOnly(m_current))
        return {};
    const Datasource before = m_list.at(m_current);
    Datasource d = before;
    d.name = m_name->text().trimmed();
    d.uid = m_uid->text().trimmed();
    if (d.uid.isEmpty())
        d.uid = Datasource::makeUid(d.name);
    d.type = m_type->currentText();
    d.url = QUrl(m_url->text().trimmed());
    d.isDefault = m_default->isChecked();
    d.environment = m_environment->currentText().trimmed();
    d.auth = Datasource::Auth(m_auth->currentData().toInt());
    d.basicAuthUser = m_user->text().trimmed();
    // A password typed into the URL becomes the basic auth password, so it goes to the
    // keychain and never to the settings file.
    if (!d.url.password().isEmpty()) {
        d.auth = Datasource::Auth::Basic;
        d.basicAuthUser = d.url.userName();
        d.basicAuthPassword = d.url.password();
        d.url = d.url.adjusted(QUrl::RemoveUserInfo);
    }
    if (!m_password->text().isEmpty())
        d.basicAuthPassword = m_password->text();
    if (!m_token->text().isEmpty())
        d.bearerToken = m_token->text();
    if (!m_authHeader->text().isEmpty())
        d.authorizationHeader = m_authHeader->text();
    d.passwordEnv = m_passwordEnv->text().trimmed();
    d.tokenEnv = m_tokenEnv->text().trimmed();
    // Secrets of other kinds of authentication are dropped: nothing unused is kept.
    if (d.auth != Datasource::Auth::Basic)
        d.basicAuthPassword.clear();
    if (d.auth != Datasource::Auth::Bearer)
        d.bearerToken.clear();
    if (d.auth != Datasource::Auth::Header)
        d.authorizationHeader.clear();

    QList<Datasource::Header> headers;
    for (int r = 0; r < m_headers->rowCount(); ++r) {
        const QString name =
            m_headers->item(r, 0) ? m_headers->item(r, 0)->text().trimmed() : QString();
        if (name.isEmpty())
            continue;
        const auto *valueEdit = qobject_cast<QLineEdit *>(m_headers->cellWidget(r, 1));
        QString value = valueEdit ? valueEdit->text() : QString();
        if (value.isEmpty())
            for (const Datasource::Header &h : before.headers)
                if (h.name == name)
                    value = h.value;
        headers.append({name, value});
    }
    d.headers = headers;
    d.queryParams.clear();
    for (const auto &[k, v] :
         QUrlQuery(m_queryParams->text().trimmed()).queryItems(QUrl::FullyDecoded))
        if (!k.isEmpty())
            d.queryParams.append({k, v});
    d.tlsCaFile = m_caFile->text().trimmed();
    d.tlsClientCertFile = m_certFile->text().trimmed();
    d.tlsClientKeyFile = m_keyFile->text().trimmed();
    d.tlsServerName = m_serverName->text().trimmed();
    d.tlsSkipVerify = m_skipVerify->isChecked();
    const QString timeoutText = m_timeout->text().trimmed();
    const int timeout = timeoutText.isEmpty() ? 30000 : Datasource::parseTimeoutMs(timeoutText);
    const QString scrapeText = m_scrapeInterval->text().trimmed();
    const int scrape = scrapeText.isEmpty() ? 0 : Datasource::parseTimeoutMs(scrapeText);
    d.exemplarTraceIdLabel = m_exemplarLabel->text().trimmed();
    if (d.exemplarTraceIdLabel.isEmpty())
        d.exemplarTraceIdLabel = QStringLiteral("trace_id");

    if (validate) {
        if (d.name.isEmpty())
            return tr("the name is empty");
        if (d.uid.isEmpty())
            return tr("the uid is empty");
        for (int i = 0; i < m_list.size(); ++i) {
            if (i == m_current)
                continue;
            if (m_list.at(i).name.compare(d.name, Qt::CaseInsensitive) == 0)
                return tr("another datasource is named \"%1\"").arg(d.name);
            if (m_list.at(i).uid == d.uid)
                return tr("another datasource has the uid \"%1\"").arg(d.uid);
        }
        const QString scheme = d.url.scheme().toLower();
        if (!d.url.isValid() ||
            (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
            d.url.host().isEmpty())
            return tr("the URL must be an http:// or https:// address with a host");
        if (timeout < 0)
            return tr("the timeout \"%1\" is not a duration such as 30s")
                .arg(timeoutText);
        if (scrape < 0)
            return tr("the scrape interval \"%1\" is not a duration such as 15s")
                .arg(scrapeText);
        if (d.auth == Datasource::Auth::Basic && d.basicAuthUser.isEmpty())
            return tr("basic authentication needs a user");
        QString optionsError;
        d.httpOptions(&optionsError);
        if (!optionsError.isEmpty())
            return optionsError;
    }
    if (timeout > 0)
        d.timeoutMs = timeout;
    if (scrape >= 0)
        d.scrapeIntervalSeconds = scrape / 1000.0;
    if (d.origin.isEmpty() || !DatasourceSettings::isProvisioned(d))
        d.origin = QStringLiteral("settings");

    // Keychain entries live under the uid and the header names: what is gone is
    // reported so the caller deletes it.
    if (!before.uid.isEmpty() && before.uid != d.uid)
        m_removed.append(before);
    for (const Datasource::Header &h : before.headers) {
        const bool kept =
            std::any_of(d.headers.cbegin(), d.headers.cend(),
                        [&](const Datasource::Header &n) { return n.name == h.name; });
        if (!kept && !m_droppedHeaders[d.uid].contains(h.name))
            m_droppedHeaders[d.uid].append(h.name);
    }
    if (d.isDefault)
        for (int i = 0; i < m_list.size(); ++i)
            if (i != m_current && m_list.at(i).type == d.type &&
                m_list.at(i).environment == d.environment && !isReadOnly(i))
                m_list[i].isDefault = false;
    m_list[m_current] = d;
    return {};
}

void DatasourceDialog::addDatasource()
{
    commitForm(false);
    Datasource d;
    int n = 1;
    auto taken = [this](const QString &name) {
        return std::any_of(m_list.cbegin(), m_list.cend(), [&](const Datasource &o) {
            return o.name.compare(name, Qt::CaseInsensitive) == 0 ||
                   o.uid == Datasource::makeUid(name);
        });
    };
    do
        d.name =
            n == 1 ? tr("New datasource") : tr("New datasource %1").arg(n);
    while (taken(d.name) && ++n);
    // The uid follows the name until the first save (the field shows it as a placeholder).
    d.type = QStringLiteral("prometheus");
    d.url = QUrl(QStringLiteral("http://localhost:9090"));
    d.origin = QStringLiteral("settings");
    m_list.append(d);
    m_current = -1;
    loadForm(int(m_list.size()) - 1);
    refreshList();
    m_name->setFocus();
    m_name->selectAll();
}

void DatasourceDialog::duplicateDatasource()
{
    if (m_current < 0)
        return;
    commitForm(false);
    Datasource d = m_list.at(m_current);
    QString base = d.name + tr(" copy");
    QString name = base;
    for (int n = 2; std::any_of(m_list.cbegin(), m_list.cend(),
                                [&](const Datasource &o) {
                                    return o.name.compare(name, Qt::CaseInsensitive) == 0 ||
                                           o.uid == Datasource::makeUid(name);
                                });
         ++n)
        name = base + QStringLiteral(" %1").arg(n);
    d.name = name;
    d.uid.clear(); // made from the name on save
    d.isDefault = false;
    d.origin = QStringLiteral("settings");
    m_list.append(d);
    loadForm(int(m_list.size()) - 1);
    refreshList();
}

void DatasourceDialog::removeDatasource()
{
    if (m_current < 0 || isReadOnly(m_current))
        return;
    m_removed.append(m_list.at(m_current));
    m_list.removeAt(m_current);
    const int next = std::min(m_current, int(m_list.size()) - 1);
    m_current = -1;
    loadForm(next);
    refreshList();
}

QString DatasourceDialog::resultText() const
{
    return m_result->text();
}

void DatasourceDialog::showResult(const QString &text)
{
    m_result->setText(text);
}

void DatasourceDialog::saveAndTest()
{
    if (m_current < 0)
        return;
    if (!isReadOnly(m_current)) {
        const QString error = commitForm(true);
        if (!error.isEmpty()) {
            showResult(tr("Not saved: %1").arg(error));
            emit testFinished(m_result->text());
            return;
        }
        const int row = m_current;
        m_current = -1; // reload: typed secrets leave their fields
        loadForm(row);
        refreshList();
        emit saved(m_list);
    }
    const Datasource d = m_list.at(m_current);
    QString path = QStringLiteral("/api/v1/status/buildinfo");
    if (d.type == QLatin1String("alertmanager"))
        path = QStringLiteral("/api/v2/status");
    else if (d.type == QLatin1String("jaeger"))
        path = QStringLiteral("/api/services");
    showResult(tr("Testing %1…").arg(d.name));
    startTest(d, path, false);
}

void DatasourceDialog::startTest(const Datasource &d, const QString &path, bool jaegerV3)
{
    if (m_job)
        m_job->abort();
    QString configError;
    const HttpOptions options = d.httpOptions(&configError);
    if (!configError.isEmpty()) {
        showResult(tr("Test failed: %1").arg(configError));
        emit testFinished(m_result->text());
        return;
    }
    m_job = HttpJob::start(m_nam, HttpJob::Method::Get, joinUrl(d.url, path), {}, d.timeoutMs, this,
                           kTestMaxBytes, options);
    HttpJob *job = m_job;
    connect(job, &HttpJob::finished, this, [this, job, d, jaegerV3](const HttpResult &result) {
        if (job != m_job)
            return; // an older test
        testDone(d, result, jaegerV3);
    });
}

void DatasourceDialog::testDone(const Datasource &d, const HttpResult &result, bool jaegerV3)
{
    // A Jaeger with only the v3 API answers 404 on /api/services.
    if (d.type == QLatin1String("jaeger") && !jaegerV3 && result.status == 404) {
        startTest(d, QStringLiteral("/api/v3/services"), true);
        return;
    }
    QString text;
    if (!result.ok()) {
        text = tr("Test failed: %1").arg(result.error);
    } else {
        QJsonParseError parseError;
        const QJsonObject o = QJsonDocument::fromJson(result.body, &parseError).object();
        if (d.type == QLatin1String("alertmanager")) {
            const QString version = o.value(QLatin1String("versionInfo"))
                                        .toObject()
                                        .value(QLatin1String("version"))
                                        .toString();
            text =
                o.contains(QLatin1String("cluster")) || !version.isEmpty()
                    ? tr("Alertmanager %1 — OK")
                          .arg(version.isEmpty() ? tr("(version unknown)") : version)
                    : tr(
                          "Test failed: the server answered, but not with Alertmanager's status");
        } else if (d.type == QLatin1String("jaeger")) {
            const QJsonArray services = jaegerV3 ? o.value(QLatin1String("services")).toArray()
                                                 : o.value(QLatin1String("data")).toArray();
            const bool shaped = jaegerV3 ? o.value(QLatin1String("services")).isArray()
                                         : o.value(QLatin1String("data")).isArray();
            text =
                shaped
                    ? tr("Jaeger%1 — OK, %n services", nullptr, int(services.size()))
                          .arg(jaegerV3 ? QStringLiteral(" (API v3)") : QString())
                    : tr(
                          "Test failed: the server answered, but not with Jaeger's service list");
        } else {
            const QString version = o.value(QLatin1String("data"))
                                        .toObject()
                                        .value(QLatin1String("version"))
                                        .toString();
            const QString product =
                d.implementation.isEmpty() ? QStringLiteral("Prometheus") : d.implementation;
            text = o.value(QLatin1String("status")).toString() == QLatin1String("success")
                       ? QStringLiteral("%1 %2 — OK")
                             .arg(product,
                                  version.isEmpty() ? tr("(version unknown)") : version)
                       : tr("Test failed: the server answered, but not with "
                                        "Prometheus' build information");
        }
    }
    if (d.tlsSkipVerify && text.contains(QLatin1String("— OK")))
        text += tr(" (TLS certificate not verified)");
    showResult(text);
    emit testFinished(text);
}
