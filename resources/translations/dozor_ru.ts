<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AlertListPanel</name>
    <message>
        <source>Alert</source>
        <translation>Оповещение</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Сводка</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>С момента</translation>
    </message>
    <message>
        <source>No alerts</source>
        <translation>Нет оповещений</translation>
    </message>
    <message>
        <source>(unnamed alert)</source>
        <translation>(оповещение без имени)</translation>
    </message>
    <message>
        <source>%1 (%2 instances)</source>
        <translation>%1 (экземпляров: %2)</translation>
    </message>
</context>
<context>
    <name>AlertListWidget</name>
    <message>
        <source>Filter: words or matchers, e.g. severity=&quot;critical&quot; redis</source>
        <translation>Фильтр: слова или условия, например severity=&quot;critical&quot; redis</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>Группировать по</translation>
    </message>
    <message>
        <source>A label to group alerts by under their severity (empty: none)</source>
        <translation>Метка для группировки оповещений внутри уровня важности (пусто — без группировки)</translation>
    </message>
    <message>
        <source>UTC</source>
        <translation>UTC</translation>
    </message>
    <message>
        <source>Open runbook</source>
        <translation>Открыть ранбук</translation>
    </message>
    <message>
        <source>Open query</source>
        <translation>Открыть запрос</translation>
    </message>
    <message>
        <source>Plot the alert&apos;s expression as a panel in Dozor</source>
        <translation>Построить выражение оповещения как панель в Dozor</translation>
    </message>
    <message>
        <source>Silence…</source>
        <translation>Заглушить…</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Оповещения</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Matchers</source>
        <translation>Условия</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Окончание</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>New silence…</source>
        <translation>Новое заглушение…</translation>
    </message>
    <message>
        <source>Expire silence</source>
        <translation>Снять заглушение</translation>
    </message>
    <message>
        <source>Silences</source>
        <translation>Заглушения</translation>
    </message>
    <message>
        <source>Alerts not loaded yet</source>
        <translation>Оповещения ещё не загружены</translation>
    </message>
    <message>
        <source>
(updated %1; showing what did answer)</source>
        <translation>
(обновлено %1; показано то, что ответило)</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s), %1 shown · %2 active silence(s) · updated %3</source>
        <translation>
            <numerusform>%n оповещение, показано %1 · активных заглушений: %2 · обновлено %3</numerusform>
            <numerusform>%n оповещения, показано %1 · активных заглушений: %2 · обновлено %3</numerusform>
            <numerusform>%n оповещений, показано %1 · активных заглушений: %2 · обновлено %3</numerusform>
        </translation>
    </message>
    <message>
        <source> · Alertmanager %1</source>
        <translation> · Alertmanager %1</translation>
    </message>
    <message>
        <source> (cluster %1)</source>
        <translation> (кластер %1)</translation>
    </message>
    <message>
        <source>Select an alert</source>
        <translation>Выберите оповещение</translation>
    </message>
    <message>
        <source>No alerts</source>
        <translation>Нет оповещений</translation>
    </message>
    <message>
        <source> by %1</source>
        <translation>, автор: %1</translation>
    </message>
    <message>
        <source>%1 · active since %2 (%3)</source>
        <translation>%1 · активно с %2 (%3)</translation>
    </message>
    <message>
        <source> · value %1</source>
        <translation> · значение %1</translation>
    </message>
    <message>
        <source> · receivers %1</source>
        <translation> · получатели: %1</translation>
    </message>
    <message>
        <source>No runbook link</source>
        <translation>Нет ссылки на ранбук</translation>
    </message>
    <message>
        <source>Runbook: %1</source>
        <translation>Ранбук: %1</translation>
    </message>
    <message>
        <source>Silences (%1)</source>
        <translation>Заглушения (%1)</translation>
    </message>
    <message>
        <source>Could not expire the silence: %1</source>
        <translation>Не удалось снять заглушение: %1</translation>
    </message>
</context>
<context>
    <name>AlertModel</name>
    <message>
        <source>no severity</source>
        <translation>без уровня важности</translation>
    </message>
    <message>
        <source>in the future</source>
        <translation>в будущем</translation>
    </message>
    <message>
        <source>%1s ago</source>
        <translation>%1 с назад</translation>
    </message>
    <message>
        <source>%1m %2s ago</source>
        <translation>%1 мин %2 с назад</translation>
    </message>
    <message>
        <source>%1h %2m ago</source>
        <translation>%1 ч %2 мин назад</translation>
    </message>
    <message>
        <source>%1d %2h ago</source>
        <translation>%1 д %2 ч назад</translation>
    </message>
    <message>
        <source>(no %1)</source>
        <translation>(нет %1)</translation>
    </message>
    <message>
        <source>%1 firing</source>
        <translation>срабатывает: %1</translation>
    </message>
    <message>
        <source>%1 pending</source>
        <translation>ожидает: %1</translation>
    </message>
    <message>
        <source>%1 muted</source>
        <translation>заглушено: %1</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Оповещение</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Active since</source>
        <translation>Активно с</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Сводка</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <source>Showing %1 of %2 series</source>
        <translation>Показано рядов: %1 из %2</translation>
    </message>
    <message>
        <source>firing</source>
        <translation>срабатывает</translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation>порог %1</translation>
    </message>
    <message>
        <source>alert %1 %2 %3</source>
        <translation>оповещение %1 %2 %3</translation>
    </message>
    <message>
        <source>exemplars</source>
        <translation>экземпляры</translation>
    </message>
    <message>
        <source>Exemplar</source>
        <translation>Экземпляр</translation>
    </message>
    <message>
        <source>Trace ID: %1</source>
        <translation>ID трассировки: %1</translation>
    </message>
    <message>
        <source>Value: %1</source>
        <translation>Значение: %1</translation>
    </message>
    <message>
        <source>Click to open the trace</source>
        <translation>Щёлкните, чтобы открыть трассировку</translation>
    </message>
</context>
<context>
    <name>DashboardLoader</name>
    <message>
        <source>%1:%2: JSON syntax error: %3</source>
        <translation>%1:%2: синтаксическая ошибка JSON: %3</translation>
    </message>
    <message>
        <source>%1: not a Grafana dashboard: the top level is not a JSON object</source>
        <translation>%1: не дашборд Grafana: верхний уровень — не объект JSON</translation>
    </message>
    <message>
        <source>%1: not a Grafana dashboard: it has neither &quot;panels&quot; nor &quot;rows&quot;</source>
        <translation>%1: не дашборд Grafana: в нём нет ни «panels», ни «rows»</translation>
    </message>
    <message>
        <source>%1: cannot open: %2</source>
        <translation>%1: не удалось открыть: %2</translation>
    </message>
    <message>
        <source>%1: file too large for a dashboard (%2 bytes)</source>
        <translation>%1: файл слишком велик для дашборда (%2 байт)</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>View the panel under the mouse alone (again: back to the dashboard)</source>
        <translation>Показать одну панель под указателем (повторно — назад к дашборду)</translation>
    </message>
    <message>
        <source>Back from a panel view to the dashboard</source>
        <translation>Из просмотра панели обратно к дашборду</translation>
    </message>
    <message>
        <source>The bundled dashboard is read-only: save it under a new name.</source>
        <translation>Встроенный дашборд только для чтения: сохраните его под новым именем.</translation>
    </message>
    <message>
        <source>Find traces here (≥ %1)</source>
        <translation>Найти трассировки здесь (≥ %1)</translation>
    </message>
    <message>
        <source>Find traces around this time</source>
        <translation>Найти трассировки около этого времени</translation>
    </message>
    <message>
        <source>Back to dashboard</source>
        <translation>Назад к дашборду</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Просмотр</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Дублировать</translation>
    </message>
    <message>
        <source>Show in its own dock</source>
        <translation>Показать в отдельной панели</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Исследовать</translation>
    </message>
    <message>
        <source>Copy PromQL</source>
        <translation>Копировать PromQL</translation>
    </message>
    <message>
        <source>Open in Prometheus</source>
        <translation>Открыть в Prometheus</translation>
    </message>
    <message>
        <source>Find traces for this time range</source>
        <translation>Найти трассировки за этот интервал</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Ссылки</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>Export panel</source>
        <translation>Экспорт панели</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>Изображение PNG…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Изображения PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG image…</source>
        <translation>Изображение SVG…</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>Изображения SVG (*.svg)</translation>
    </message>
    <message>
        <source>CSV data…</source>
        <translation>Данные CSV…</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Panel %1</source>
        <translation>Панель %1</translation>
    </message>
    <message>
        <source>Back to dashboard (Esc)</source>
        <translation>Назад к дашборду (Esc)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Panel menu</source>
        <translation>Меню панели</translation>
    </message>
    <message>
        <source>Row %1</source>
        <translation>Строка %1</translation>
    </message>
    <message numerus="yes">
        <source>%1   (%n panel(s))</source>
        <translation>
            <numerusform>%1   (%n панель)</numerusform>
            <numerusform>%1   (%n панели)</numerusform>
            <numerusform>%1   (%n панелей)</numerusform>
        </translation>
    </message>
    <message>
        <source>Shown in its own window</source>
        <translation>Показана в отдельном окне</translation>
    </message>
</context>
<context>
    <name>DatasourceDialog</name>
    <message>
        <source>a provisioning file</source>
        <translation>файл подготовки</translation>
    </message>
    <message>
        <source>Datasources</source>
        <translation>Источники данных</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Окружение</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Дублировать</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>made from the name</source>
        <translation>создаётся из имени</translation>
    </message>
    <message>
        <source>UID</source>
        <translation>UID</translation>
    </message>
    <message>
        <source>http://localhost:9090 (with a path prefix if any)</source>
        <translation>http://localhost:9090 (с префиксом пути, если он есть)</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Default of its type (in its environment)</source>
        <translation>По умолчанию для своего типа (в своём окружении)</translation>
    </message>
    <message>
        <source>every environment</source>
        <translation>любое окружение</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>Basic</source>
        <translation>Базовая (логин и пароль)</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Токен Bearer</translation>
    </message>
    <message>
        <source>Custom Authorization header</source>
        <translation>Свой заголовок Authorization</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Аутентификация</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>or the name of an environment variable</source>
        <translation>или имя переменной окружения</translation>
    </message>
    <message>
        <source>Password variable</source>
        <translation>Переменная с паролем</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Токен</translation>
    </message>
    <message>
        <source>Token variable</source>
        <translation>Переменная с токеном</translation>
    </message>
    <message>
        <source>Authorization value</source>
        <translation>Значение Authorization</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>Добавить заголовок</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>Удалить заголовок</translation>
    </message>
    <message>
        <source>HTTP headers</source>
        <translation>Заголовки HTTP</translation>
    </message>
    <message>
        <source>Query parameters</source>
        <translation>Параметры запроса</translation>
    </message>
    <message>
        <source>system CAs only</source>
        <translation>только системные ЦС</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>Сертификат ЦС</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>Сертификат ЦС (PEM)</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Сертификат клиента</translation>
    </message>
    <message>
        <source>Client certificate (PEM)</source>
        <translation>Сертификат клиента (PEM)</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>Ключ клиента</translation>
    </message>
    <message>
        <source>Client key (PEM)</source>
        <translation>Ключ клиента (PEM)</translation>
    </message>
    <message>
        <source>the URL&apos;s host</source>
        <translation>хост из URL</translation>
    </message>
    <message>
        <source>TLS server name</source>
        <translation>Имя сервера TLS</translation>
    </message>
    <message>
        <source>Skip TLS certificate verification</source>
        <translation>Не проверять сертификат TLS</translation>
    </message>
    <message>
        <source>Warning: without verification anyone on the network path can pose as this server, read the credentials sent to it and change its answers. Every panel using it shows this warning.</source>
        <translation>Внимание: без проверки любой на сетевом пути может выдать себя за этот сервер, прочитать отправленные ему учётные данные и подменить его ответы. Каждая панель, которая его использует, показывает это предупреждение.</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Тайм-аут</translation>
    </message>
    <message>
        <source>Scrape interval</source>
        <translation>Интервал сбора</translation>
    </message>
    <message>
        <source>Exemplar trace-id label</source>
        <translation>Метка с ID трассировки в экземплярах</translation>
    </message>
    <message>
        <source>Save &amp;&amp; test</source>
        <translation>Сохранить и проверить</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message>
        <source>stored in keychain</source>
        <translation>хранится в связке ключей</translation>
    </message>
    <message>
        <source>kept for this session</source>
        <translation>хранится до конца сеанса</translation>
    </message>
    <message>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
    <message>
        <source>provisioned</source>
        <translation>подготовлен</translation>
    </message>
    <message>
        <source>read-only: from %1</source>
        <translation>только для чтения: из %1</translation>
    </message>
    <message>
        <source>Provisioned from %1. Read-only here: edit that file to change it (Save &amp; test still tests it; Duplicate makes an editable copy).</source>
        <translation>Подготовлен из %1. Здесь только для чтения: чтобы изменить, отредактируйте тот файл («Сохранить и проверить» всё равно проверяет его; «Дублировать» создаёт редактируемую копию).</translation>
    </message>
    <message>
        <source>PEM text from the configuration</source>
        <translation>Текст PEM из конфигурации</translation>
    </message>
    <message>
        <source>the name is empty</source>
        <translation>имя пустое</translation>
    </message>
    <message>
        <source>the uid is empty</source>
        <translation>uid пустой</translation>
    </message>
    <message>
        <source>another datasource is named &quot;%1&quot;</source>
        <translation>другой источник данных уже называется «%1»</translation>
    </message>
    <message>
        <source>another datasource has the uid &quot;%1&quot;</source>
        <translation>у другого источника данных тот же uid «%1»</translation>
    </message>
    <message>
        <source>the URL must be an http:// or https:// address with a host</source>
        <translation>URL должен быть адресом http:// или https:// с хостом</translation>
    </message>
    <message>
        <source>the timeout &quot;%1&quot; is not a duration such as 30s</source>
        <translation>тайм-аут «%1» — не длительность вида 30s</translation>
    </message>
    <message>
        <source>the scrape interval &quot;%1&quot; is not a duration such as 15s</source>
        <translation>интервал сбора «%1» — не длительность вида 15s</translation>
    </message>
    <message>
        <source>basic authentication needs a user</source>
        <translation>для базовой аутентификации нужен пользователь</translation>
    </message>
    <message>
        <source>New datasource</source>
        <translation>Новый источник данных</translation>
    </message>
    <message>
        <source>New datasource %1</source>
        <translation>Новый источник данных %1</translation>
    </message>
    <message>
        <source> copy</source>
        <translation> (копия)</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>Проверка %1…</translation>
    </message>
    <message>
        <source>Test failed: %1</source>
        <translation>Проверка не пройдена: %1</translation>
    </message>
    <message>
        <source>Alertmanager %1 — OK</source>
        <translation>Alertmanager %1 — OK</translation>
    </message>
    <message>
        <source>(version unknown)</source>
        <translation>(версия неизвестна)</translation>
    </message>
    <message>
        <source>Test failed: the server answered, but not with Alertmanager&apos;s status</source>
        <translation>Проверка не пройдена: сервер ответил, но это не статус Alertmanager</translation>
    </message>
    <message numerus="yes">
        <source>Jaeger%1 — OK, %n services</source>
        <translation>
            <numerusform>Jaeger%1 — OK, %n сервис</numerusform>
            <numerusform>Jaeger%1 — OK, %n сервиса</numerusform>
            <numerusform>Jaeger%1 — OK, %n сервисов</numerusform>
        </translation>
    </message>
    <message>
        <source>Test failed: the server answered, but not with Jaeger&apos;s service list</source>
        <translation>Проверка не пройдена: сервер ответил, но это не список сервисов Jaeger</translation>
    </message>
    <message>
        <source>Test failed: the server answered, but not with Prometheus&apos; build information</source>
        <translation>Проверка не пройдена: сервер ответил, но это не сведения о сборке Prometheus</translation>
    </message>
    <message>
        <source> (TLS certificate not verified)</source>
        <translation> (сертификат TLS не проверен)</translation>
    </message>
</context>
<context>
    <name>HealthView</name>
    <message>
        <source>Service / dependency</source>
        <translation>Сервис / зависимость</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Задержка</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>Проверено</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>Проверить сейчас</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Add: name=http://host:port/health</source>
        <translation>Добавить: имя=http://host:port/health</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>⟳</source>
        <translation>⟳</translation>
    </message>
    <message>
        <source>Check every service now</source>
        <translation>Проверить все сервисы сейчас</translation>
    </message>
    <message>
        <source>no health checker</source>
        <translation>нет проверки состояния</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>проверка…</translation>
    </message>
    <message>
        <source>No health URLs: add one above, or start with --health name=URL</source>
        <translation>Нет адресов проверки: добавьте адрес выше или запустите с --health имя=URL</translation>
    </message>
    <message>
        <source>%1 failing</source>
        <translation>%1 с ошибкой</translation>
    </message>
    <message>
        <source>%1 checking</source>
        <translation>%1 проверяется</translation>
    </message>
    <message>
        <source>%1 healthy</source>
        <translation>%1 в норме</translation>
    </message>
    <message>
        <source>1 endpoint: </source>
        <translation>1 адрес: </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message numerus="yes">
        <source>%n endpoints: </source>
        <translation>
            <numerusform>%n адрес: </numerusform>
            <numerusform>%n адреса: </numerusform>
            <numerusform>%n адресов: </numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeatmapPanel</name>
    <message>
        <source>no sample</source>
        <translation>нет отсчёта</translation>
    </message>
    <message>
        <source>%1
Bucket: %2
Count: %3</source>
        <translation>%1
Интервал: %2
Количество: %3</translation>
    </message>
</context>
<context>
    <name>HttpJob</name>
    <message>
        <source>redirect to a non-HTTP address refused: %1</source>
        <translation>перенаправление на адрес не HTTP отклонено: %1</translation>
    </message>
    <message>
        <source>redirect from https to plain http refused: %1 -&gt; %2</source>
        <translation>перенаправление с https на незащищённый http отклонено: %1 -&gt; %2</translation>
    </message>
    <message>
        <source>response larger than %1 MiB refused: %2</source>
        <translation>ответ больше %1 МиБ отклонён: %2</translation>
    </message>
    <message>
        <source>HTTP %1%2 from %3</source>
        <translation>HTTP %1%2 от %3</translation>
    </message>
    <message>
        <source> - the server wants credentials: set the datasource&apos;s user and password or token in File &gt; Datasources</source>
        <translation> — сервер требует учётные данные: укажите пользователя и пароль или токен источника данных в «Файл &gt; Источники данных»</translation>
    </message>
    <message>
        <source> - the credentials were refused or lack permission: check the datasource&apos;s authentication in File &gt; Datasources</source>
        <translation> — учётные данные отклонены или у них нет прав: проверьте аутентификацию источника данных в «Файл &gt; Источники данных»</translation>
    </message>
</context>
<context>
    <name>InspectorDataModel</name>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Series %1</source>
        <translation>Ряд %1</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Ряды</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
</context>
<context>
    <name>LegendTable</name>
    <message>
        <source>Filter series</source>
        <translation>Фильтр рядов</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
</context>
<context>
    <name>LoadingSpinner</name>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>Загрузка</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Variable $%1: %2</source>
        <translation>Переменная $%1: %2</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Повторить сейчас</translation>
    </message>
    <message>
        <source>Enter credentials…</source>
        <translation>Ввести учётные данные…</translation>
    </message>
    <message>
        <source>Panel %1</source>
        <translation>Панель %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Open Dashboard…</source>
        <translation>&amp;Открыть дашборд…</translation>
    </message>
    <message>
        <source>Open Grafana dashboard</source>
        <translation>Открыть дашборд Grafana</translation>
    </message>
    <message>
        <source>Dashboards (*.json);;All files (*)</source>
        <translation>Дашборды (*.json);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Open &amp;Bundled Dashboard</source>
        <translation>Открыть &amp;встроенный дашборд</translation>
    </message>
    <message>
        <source>Open &amp;Provisioned Dashboard</source>
        <translation>Открыть &amp;подготовленный дашборд</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Общие</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Н&amp;едавние</translation>
    </message>
    <message>
        <source>&amp;Save Dashboard</source>
        <translation>&amp;Сохранить дашборд</translation>
    </message>
    <message>
        <source>Save Dashboard &amp;As…</source>
        <translation>Сохранить дашборд &amp;как…</translation>
    </message>
    <message>
        <source>Save dashboard</source>
        <translation>Сохранить дашборд</translation>
    </message>
    <message>
        <source>Dashboards (*.json)</source>
        <translation>Дашборды (*.json)</translation>
    </message>
    <message>
        <source>Export Dashboard as &amp;PNG…</source>
        <translation>Экспорт дашборда в &amp;PNG…</translation>
    </message>
    <message>
        <source>Export dashboard as PNG</source>
        <translation>Экспорт дашборда в PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Изображения PNG (*.png)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>Записан %1</translation>
    </message>
    <message>
        <source>Export PDF &amp;Report…</source>
        <translation>&amp;Экспорт отчёта PDF…</translation>
    </message>
    <message>
        <source>Export PDF report</source>
        <translation>Экспорт отчёта PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документы PDF (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n page(s))</source>
        <translation>
            <numerusform>Записан %1 (%n страница)</numerusform>
            <numerusform>Записан %1 (%n страницы)</numerusform>
            <numerusform>Записан %1 (%n страниц)</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy &amp;Link to Dashboard</source>
        <translation>Копировать сс&amp;ылку на дашборд</translation>
    </message>
    <message>
        <source>Link copied: %1   (or: %2)</source>
        <translation>Ссылка скопирована: %1   (или: %2)</translation>
    </message>
    <message>
        <source>&amp;Add Panel…</source>
        <translation>&amp;Добавить панель…</translation>
    </message>
    <message>
        <source>New panel</source>
        <translation>Новая панель</translation>
    </message>
    <message>
        <source>&amp;Datasources…</source>
        <translation>&amp;Источники данных…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Вы&amp;ход</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>О&amp;бновить</translation>
    </message>
    <message>
        <source>Reset &amp;Layout</source>
        <translation>Сбросить &amp;расположение</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Панели</translation>
    </message>
    <message>
        <source>&amp;Find Panel…</source>
        <translation>&amp;Найти панель…</translation>
    </message>
    <message>
        <source>Cycle Shared &amp;Crosshair / Tooltip</source>
        <translation>Переключить общее перекрестие / подска&amp;зку</translation>
    </message>
    <message>
        <source>Panels: own crosshair and tooltip</source>
        <translation>Панели: своё перекрестие и подсказка</translation>
    </message>
    <message>
        <source>Panels: shared crosshair</source>
        <translation>Панели: общее перекрестие</translation>
    </message>
    <message>
        <source>Panels: shared crosshair and tooltip</source>
        <translation>Панели: общее перекрестие и подсказка</translation>
    </message>
    <message>
        <source>Times in &amp;UTC</source>
        <translation>Время в &amp;UTC</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Тема</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;Системная</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>Свет&amp;лая</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Тёмная</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Сочетания клавиш</translation>
    </message>
    <message>
        <source>Drag on a chart</source>
        <translation>Перетаскивание по графику</translation>
    </message>
    <message>
        <source>Zoom into the selected time range</source>
        <translation>Приблизить выбранный интервал</translation>
    </message>
    <message>
        <source>Shift+drag on a chart</source>
        <translation>Shift+перетаскивание по графику</translation>
    </message>
    <message>
        <source>Pan the time range</source>
        <translation>Сдвиг интервала времени</translation>
    </message>
    <message>
        <source>Right click on a panel</source>
        <translation>Правый щелчок по панели</translation>
    </message>
    <message>
        <source>Panel menu: view, edit, inspect, copy PromQL, open in Prometheus, export</source>
        <translation>Меню панели: просмотр, изменение, исследование, копирование PromQL, открытие в Prometheus, экспорт</translation>
    </message>
    <message>
        <source>Ctrl+Shift+K</source>
        <translation>Ctrl+Shift+K</translation>
    </message>
    <message>
        <source>Kiosk mode on/off (wall screens)</source>
        <translation>Режим киоска вкл./выкл. (настенные экраны)</translation>
    </message>
    <message>
        <source>Space, Left, Right (kiosk)</source>
        <translation>Пробел, Влево, Вправо (киоск)</translation>
    </message>
    <message>
        <source>Pause the playlist, previous / next dashboard</source>
        <translation>Пауза плейлиста, предыдущий / следующий дашборд</translation>
    </message>
    <message>
        <source>&amp;About Dozor</source>
        <translation>&amp;О программе Dozor</translation>
    </message>
    <message>
        <source>About Dozor</source>
        <translation>О программе Dozor</translation>
    </message>
    <message>
        <source>Dozor %1
A native console for Prometheus, Alertmanager and Jaeger.

Prometheus: %2</source>
        <translation>Dozor %1
Нативная консоль для Prometheus, Alertmanager и Jaeger.

Prometheus: %2</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Дашборд</translation>
    </message>
    <message>
        <source>◀</source>
        <translation>◀</translation>
    </message>
    <message>
        <source>Previous time range (Alt+Left)</source>
        <translation>Предыдущий интервал (Alt+Влево)</translation>
    </message>
    <message>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <source>Next time range (Alt+Right)</source>
        <translation>Следующий интервал (Alt+Вправо)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Отдалить</translation>
    </message>
    <message>
        <source>Twice the time range (Ctrl+Z); drag on a chart to zoom in, Shift+drag to pan</source>
        <translation>Вдвое больший интервал (Ctrl+Z); перетаскивание по графику — приблизить, Shift+перетаскивание — сдвинуть</translation>
    </message>
    <message>
        <source>⟳ Refresh</source>
        <translation>⟳ Обновить</translation>
    </message>
    <message>
        <source>Refresh all panels (F5)</source>
        <translation>Обновить все панели (F5)</translation>
    </message>
    <message>
        <source>Auto-refresh</source>
        <translation>Автообновление</translation>
    </message>
    <message>
        <source>Auto-refresh off</source>
        <translation>Автообновление выключено</translation>
    </message>
    <message>
        <source>Every %1</source>
        <translation>Каждые %1</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Ссылки</translation>
    </message>
    <message>
        <source>Environment: the datasources dashboards use</source>
        <translation>Окружение: источники данных, которые используют дашборды</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <source>The dashboard &quot;%1&quot; has unsaved changes. Save them before opening another?</source>
        <translation>В дашборде «%1» есть несохранённые изменения. Сохранить их перед открытием другого?</translation>
    </message>
    <message>
        <source>Cannot open dashboard</source>
        <translation>Не удалось открыть дашборд</translation>
    </message>
    <message>
        <source>Not saved: %1 changed on disk</source>
        <translation>Не сохранено: %1 изменён на диске</translation>
    </message>
    <message>
        <source>Cannot save dashboard</source>
        <translation>Не удалось сохранить дашборд</translation>
    </message>
    <message>
        <source>

Your changes are still open here.</source>
        <translation>

Ваши изменения по-прежнему открыты здесь.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Оповещения</translation>
    </message>
    <message>
        <source>Runbook</source>
        <translation>Ранбук</translation>
    </message>
    <message>
        <source>Runbook — %1</source>
        <translation>Ранбук — %1</translation>
    </message>
    <message>
        <source>alerts: loading…</source>
        <translation>оповещения: загрузка…</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>&amp;Оповещения</translation>
    </message>
    <message>
        <source>Refresh alerts</source>
        <translation>Обновить оповещения</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Цели</translation>
    </message>
    <message>
        <source>Service health</source>
        <translation>Состояние сервисов</translation>
    </message>
    <message>
        <source>&amp;Services</source>
        <translation>С&amp;ервисы</translation>
    </message>
    <message>
        <source>Check targets and health now</source>
        <translation>Проверить цели и состояние сейчас</translation>
    </message>
    <message>
        <source>firing: %1 critical · %2 warning · %3 info</source>
        <translation>срабатывают: критических %1 · предупреждений %2 · информационных %3</translation>
    </message>
    <message>
        <source> · %1 other</source>
        <translation> · прочие: %1</translation>
    </message>
    <message>
        <source> · ⚠ %1</source>
        <translation> · ⚠ %1</translation>
    </message>
    <message numerus="yes">
        <source>%n critical alert(s) firing</source>
        <translation>
            <numerusform>Срабатывает %n критическое оповещение</numerusform>
            <numerusform>Срабатывают %n критических оповещения</numerusform>
            <numerusform>Срабатывают %n критических оповещений</numerusform>
        </translation>
    </message>
    <message>
        <source>1 panel</source>
        <translation>1 панель</translation>
    </message>
    <message>
        <source>%1 panels</source>
        <translation>панелей: %1</translation>
    </message>
    <message>
        <source>Credentials refused (%1): %2</source>
        <translation>Учётные данные отклонены (%1): %2</translation>
    </message>
    <message>
        <source>Server unreachable (%1): %2. Dozor tries again on every refresh.</source>
        <translation>Сервер недоступен (%1): %2. Dozor пробует снова при каждом обновлении.</translation>
    </message>
    <message>
        <source>Credentials: %1</source>
        <translation>Учётные данные: %1</translation>
    </message>
    <message>
        <source>All environments</source>
        <translation>Все окружения</translation>
    </message>
    <message>
        <source>Environment: %1</source>
        <translation>Окружение: %1</translation>
    </message>
    <message>
        <source>Environment %1</source>
        <translation>Окружение %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Prometheus</source>
        <translation>Prometheus</translation>
    </message>
    <message numerus="yes">
        <source>%n panel(s) loading</source>
        <translation>
            <numerusform>Загружается %n панель</numerusform>
            <numerusform>Загружаются %n панели</numerusform>
            <numerusform>Загружаются %n панелей</numerusform>
        </translation>
    </message>
    <message>
        <source>idle</source>
        <translation>ожидание</translation>
    </message>
    <message>
        <source>last refresh %1</source>
        <translation>последнее обновление %1</translation>
    </message>
    <message numerus="yes">
        <source>%n panel(s) with errors</source>
        <translation>
            <numerusform>%n панель с ошибками</numerusform>
            <numerusform>%n панели с ошибками</numerusform>
            <numerusform>%n панелей с ошибками</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the changes to &quot;%1&quot; before closing?</source>
        <translation>Сохранить изменения в «%1» перед закрытием?</translation>
    </message>
    <message>
        <source>Unsaved changes to %1 from a session that ended unexpectedly are kept in %2</source>
        <translation>Несохранённые изменения %1 из неожиданно завершившегося сеанса сохранены в %2</translation>
    </message>
    <message>
        <source>The unsaved changes of the last session cannot be opened (%1); they are kept in %2</source>
        <translation>Несохранённые изменения прошлого сеанса не открываются (%1); они сохранены в %2</translation>
    </message>
    <message>
        <source>Restored unsaved changes from a session that ended unexpectedly at %1</source>
        <translation>Восстановлены несохранённые изменения сеанса, неожиданно завершившегося в %1</translation>
    </message>
    <message>
        <source> (%1 has changed on disk since: saving will ask before overwriting it)</source>
        <translation> (файл %1 с тех пор изменился на диске: перед перезаписью будет задан вопрос)</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Отбросить</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Оставить</translation>
    </message>
    <message>
        <source>%1 changed on disk. Reload it (your unsaved changes here are dropped), or keep yours (saving asks before overwriting the file).</source>
        <translation>%1 изменён на диске. Перезагрузить его (несохранённые изменения здесь будут потеряны) или оставить ваши (при сохранении будет задан вопрос перед перезаписью файла)?</translation>
    </message>
    <message>
        <source>%1 changed on disk. Reload it?</source>
        <translation>%1 изменён на диске. Перезагрузить?</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Перезагрузить</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Оставить мои</translation>
    </message>
    <message>
        <source>File changed on disk</source>
        <translation>Файл изменён на диске</translation>
    </message>
    <message>
        <source>%1 was changed on disk since Dozor opened it. Overwrite it with your version?</source>
        <translation>%1 был изменён на диске после того, как Dozor его открыл. Перезаписать его вашей версией?</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Перезаписать</translation>
    </message>
    <message>
        <source>New &amp;Window</source>
        <translation>&amp;Новое окно</translation>
    </message>
    <message>
        <source>Open in New W&amp;indow…</source>
        <translation>Открыть в ново&amp;м окне…</translation>
    </message>
    <message>
        <source>Open Grafana dashboard in a new window</source>
        <translation>Открыть дашборд Grafana в новом окне</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>As the &amp;system</source>
        <translation>Как в &amp;системе</translation>
    </message>
    <message>
        <source>The language changes when Dozor starts again</source>
        <translation>Язык сменится при следующем запуске Dozor</translation>
    </message>
</context>
<context>
    <name>NetworkError</name>
    <message>
        <source>connection refused</source>
        <translation>в соединении отказано</translation>
    </message>
    <message>
        <source>host not found</source>
        <translation>хост не найден</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>тайм-аут</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>ошибка рукопожатия TLS</translation>
    </message>
    <message>
        <source>server closed the connection</source>
        <translation>сервер закрыл соединение</translation>
    </message>
    <message>
        <source>timed out after %1 s: %2</source>
        <translation>тайм-аут после %1 с: %2</translation>
    </message>
    <message>
        <source>connection refused: %1</source>
        <translation>в соединении отказано: %1</translation>
    </message>
    <message>
        <source>host not found: %1</source>
        <translation>хост не найден: %1</translation>
    </message>
    <message>
        <source>server closed the connection: %1</source>
        <translation>сервер закрыл соединение: %1</translation>
    </message>
    <message>
        <source>TLS handshake failed (%1): %2</source>
        <translation>Ошибка рукопожатия TLS (%1): %2</translation>
    </message>
    <message>
        <source>too many redirects: %1</source>
        <translation>слишком много перенаправлений: %1</translation>
    </message>
    <message>
        <source>response cut short after %1 of %2 bytes: %3</source>
        <translation>ответ оборвался после %1 из %2 байт: %3</translation>
    </message>
</context>
<context>
    <name>PanelEditor</name>
    <message>
        <source>Edit panel</source>
        <translation>Изменить панель</translation>
    </message>
    <message>
        <source>Edit panel: %1</source>
        <translation>Изменение панели: %1</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Add query</source>
        <translation>Добавить запрос</translation>
    </message>
    <message>
        <source>Queries</source>
        <translation>Запросы</translation>
    </message>
    <message>
        <source>A Grafana unit id (short, percent, s, bytes, reqps, ...); empty = none set</source>
        <translation>Идентификатор единицы Grafana (short, percent, s, bytes, reqps, …); пусто — не задана</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Единица</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>авто</translation>
    </message>
    <message>
        <source>Decimals</source>
        <translation>Знаков после запятой</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Мин.</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Макс.</translation>
    </message>
    <message>
        <source>From value</source>
        <translation>От значения</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Цвет</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>Добавить шаг</translation>
    </message>
    <message>
        <source>Remove step</source>
        <translation>Удалить шаг</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>Цвет…</translation>
    </message>
    <message>
        <source>Threshold colour</source>
        <translation>Цвет порога</translation>
    </message>
    <message>
        <source>Absolute</source>
        <translation>Абсолютные</translation>
    </message>
    <message>
        <source>Percentage</source>
        <translation>Проценты</translation>
    </message>
    <message>
        <source>Percentage: step values are percent of min..max</source>
        <translation>Проценты: значения шагов — проценты от диапазона мин..макс</translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation>Пороги</translation>
    </message>
    <message>
        <source>Standard options</source>
        <translation>Стандартные параметры</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Режим</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Содержимое</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Базовый</translation>
    </message>
    <message>
        <source>The colour below the first step</source>
        <translation>Цвет ниже первого шага</translation>
    </message>
    <message>
        <source>Query %1 has no expression.</source>
        <translation>В запросе %1 нет выражения.</translation>
    </message>
    <message>
        <source>Two queries are named %1; names must differ.</source>
        <translation>Два запроса названы %1; имена должны различаться.</translation>
    </message>
    <message>
        <source>Min &quot;%1&quot; is not a number (leave it empty for auto).</source>
        <translation>Минимум «%1» — не число (оставьте пустым для автовыбора).</translation>
    </message>
    <message>
        <source>Max &quot;%1&quot; is not a number (leave it empty for auto).</source>
        <translation>Максимум «%1» — не число (оставьте пустым для автовыбора).</translation>
    </message>
    <message>
        <source>Min (%1) is greater than max (%2).</source>
        <translation>Минимум (%1) больше максимума (%2).</translation>
    </message>
    <message>
        <source>Threshold step %1: &quot;%2&quot; is not a number.</source>
        <translation>Шаг порога %1: «%2» — не число.</translation>
    </message>
    <message>
        <source>Threshold step %1 has no colour.</source>
        <translation>У шага порога %1 нет цвета.</translation>
    </message>
</context>
<context>
    <name>PanelExport</name>
    <message>
        <source>No panel to export</source>
        <translation>Нет панели для экспорта</translation>
    </message>
    <message>
        <source>The panel has no size to draw (is it hidden?)</source>
        <translation>У панели нет размера для рисования (она скрыта?)</translation>
    </message>
    <message>
        <source>Exported from Dozor</source>
        <translation>Экспортировано из Dozor</translation>
    </message>
    <message>
        <source>cannot start drawing</source>
        <translation>не удалось начать рисование</translation>
    </message>
    <message>
        <source>Series %1</source>
        <translation>Ряд %1</translation>
    </message>
    <message>
        <source>No dashboard to export</source>
        <translation>Нет дашборда для экспорта</translation>
    </message>
    <message>
        <source>The dashboard has no size to draw, or is too large for one image (%1x%2)</source>
        <translation>У дашборда нет размера для рисования, или он слишком велик для одного изображения (%1x%2)</translation>
    </message>
    <message>
        <source>cannot start the PDF</source>
        <translation>не удалось начать PDF</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Страница %1 из %2</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Дашборд</translation>
    </message>
    <message>
        <source>Time range: %1 to %2</source>
        <translation>Интервал времени: %1 — %2</translation>
    </message>
    <message>
        <source>In UTC: %1 to %2</source>
        <translation>В UTC: %1 — %2</translation>
    </message>
    <message>
        <source>Generated: %1 (%2)</source>
        <translation>Создан: %1 (%2)</translation>
    </message>
    <message>
        <source>Panels: %1</source>
        <translation>Панели: %1</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Переменные</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… и ещё %1</translation>
    </message>
    <message>
        <source>cannot add a page</source>
        <translation>не удалось добавить страницу</translation>
    </message>
    <message>
        <source>(not drawn: the panel has no size)</source>
        <translation>(не нарисовано: у панели нет размера)</translation>
    </message>
    <message>
        <source>cannot finish the PDF</source>
        <translation>не удалось завершить PDF</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Ошибка экспорта</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>No file name given</source>
        <translation>Не задано имя файла</translation>
    </message>
    <message>
        <source>Panel %1</source>
        <translation>Панель %1</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
</context>
<context>
    <name>PanelFinder</name>
    <message>
        <source>Search panels by title</source>
        <translation>Поиск панелей по заголовку</translation>
    </message>
    <message>
        <source>Panel %1</source>
        <translation>Панель %1</translation>
    </message>
    <message>
        <source>%1   (%2)</source>
        <translation>%1   (%2)</translation>
    </message>
</context>
<context>
    <name>PanelInspector</name>
    <message>
        <source>running</source>
        <translation>выполняется</translation>
    </message>
    <message>
        <source>No response body (yet).</source>
        <translation>Тела ответа (пока) нет.</translation>
    </message>
    <message>
        <source>Truncated: showing the first %1 of %2 characters.</source>
        <translation>Обрезано: показаны первые %1 из %2 символов.</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Запрос</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Данные</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Panel %1</source>
        <translation>Панель %1</translation>
    </message>
    <message>
        <source>Inspect: %1</source>
        <translation>Исследование: %1</translation>
    </message>
    <message>
        <source>No data yet.</source>
        <translation>Данных пока нет.</translation>
    </message>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n ряд</numerusform>
            <numerusform>%n ряда</numerusform>
            <numerusform>%n рядов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n строка</numerusform>
            <numerusform>%n строки</numerusform>
            <numerusform>%n строк</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Response %1</source>
        <translation>Ответ %1</translation>
    </message>
    <message>
        <source>Panel JSON</source>
        <translation>JSON панели</translation>
    </message>
    <message>
        <source>The panel has not been queried yet.</source>
        <translation>Панель ещё не запрашивалась.</translation>
    </message>
    <message>
        <source>Query %1 (as written): %2</source>
        <translation>Запрос %1 (как записан): %2</translation>
    </message>
    <message>
        <source>%1 of %2 failed</source>
        <translation>с ошибкой %1 из %2</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>выполняется</translation>
    </message>
    <message>
        <source>Last run %1, %2, 1 query: %3</source>
        <translation>Последний запуск %1, %2, 1 запрос: %3</translation>
    </message>
    <message>
        <source>Last run %1, %2, %3 queries: %4</source>
        <translation>Последний запуск %1, %2, запросов: %3: %4</translation>
    </message>
    <message>
        <source>Range: %1 to %2, step %3</source>
        <translation>Интервал: %1 — %2, шаг %3</translation>
    </message>
    <message>
        <source>Query %1 (%2)</source>
        <translation>Запрос %1 (%2)</translation>
    </message>
    <message>
        <source>instant</source>
        <translation>мгновенный</translation>
    </message>
    <message>
        <source>range</source>
        <translation>интервал</translation>
    </message>
    <message>
        <source>  Expression: %1</source>
        <translation>  Выражение: %1</translation>
    </message>
    <message>
        <source>  Datasource: %1</source>
        <translation>  Источник данных: %1</translation>
    </message>
    <message>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
    <message>
        <source>  Step: %1</source>
        <translation>  Шаг: %1</translation>
    </message>
    <message>
        <source>  URL: %1</source>
        <translation>  URL: %1</translation>
    </message>
    <message>
        <source>(not sent)</source>
        <translation>(не отправлено)</translation>
    </message>
    <message>
        <source>  Status: %1</source>
        <translation>  Статус: %1</translation>
    </message>
    <message numerus="yes">
        <source>  Response: %n byte(s)</source>
        <translation>
            <numerusform>  Ответ: %n байт</numerusform>
            <numerusform>  Ответ: %n байта</numerusform>
            <numerusform>  Ответ: %n байт</numerusform>
        </translation>
    </message>
    <message>
        <source> (cut: more came)</source>
        <translation> (обрезано: пришло больше)</translation>
    </message>
    <message>
        <source>Formatting…</source>
        <translation>Форматирование…</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>The response was larger than %1 KB: only its beginning was kept.</source>
        <translation>Ответ больше %1 КБ: сохранено только его начало.</translation>
    </message>
</context>
<context>
    <name>PanelQueryEditor</name>
    <message>
        <source>Instant</source>
        <translation>Мгновенный</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Скрыть</translation>
    </message>
    <message>
        <source>Query name (refId), used by overrides and legends</source>
        <translation>Имя запроса (refId), используется в переопределениях и легендах</translation>
    </message>
    <message>
        <source>Run the query but do not draw it</source>
        <translation>Выполнять запрос, но не рисовать его</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Дублировать</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>PromQL, e.g. sum by (job) (rate(http_requests_total[$__rate_interval]))  —  Ctrl+Space completes</source>
        <translation>PromQL, например sum by (job) (rate(http_requests_total[$__rate_interval]))  —  Ctrl+Space дополняет</translation>
    </message>
    <message>
        <source>Legend, e.g. {{instance}}</source>
        <translation>Легенда, например {{instance}}</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Легенда</translation>
    </message>
    <message>
        <source>Time series</source>
        <translation>Временной ряд</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Тепловая карта</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>One value at the end of the range instead of a series</source>
        <translation>Одно значение на конец интервала вместо ряда</translation>
    </message>
</context>
<context>
    <name>PanelWidget</name>
    <message>
        <source>No data</source>
        <translation>Нет данных</translation>
    </message>
    <message>
        <source> (+%1 more)</source>
        <translation> (ещё %1)</translation>
    </message>
</context>
<context>
    <name>PiePanel</name>
    <message>
        <source>Other (%1 series)</source>
        <translation>Прочие (рядов: %1)</translation>
    </message>
</context>
<context>
    <name>PlaceholderPanel</name>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>без названия</translation>
    </message>
    <message>
        <source>Panel type &quot;%1&quot; is not supported (panel %2: %3)</source>
        <translation>Тип панели «%1» не поддерживается (панель %2: %3)</translation>
    </message>
</context>
<context>
    <name>PrometheusClient</name>
    <message>
        <source>invalid response from server: %1</source>
        <translation>неверный ответ сервера: %1</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>не объект JSON</translation>
    </message>
    <message>
        <source>Prometheus reported an error without a message</source>
        <translation>Prometheus сообщил об ошибке без текста</translation>
    </message>
    <message>
        <source>invalid response from server: data is not an object</source>
        <translation>неверный ответ сервера: data — не объект</translation>
    </message>
    <message>
        <source>invalid response from server: data is not a list</source>
        <translation>неверный ответ сервера: data — не список</translation>
    </message>
</context>
<context>
    <name>PrometheusDecoder</name>
    <message>
        <source>partial response: some storage nodes did not answer, data may be missing (isPartial)</source>
        <translation>неполный ответ: часть узлов хранения не ответила, данные могут быть неполными (isPartial)</translation>
    </message>
    <message>
        <source>Prometheus reported an error without a message</source>
        <translation>Prometheus сообщил об ошибке без текста</translation>
    </message>
    <message>
        <source>invalid response from server: %1</source>
        <translation>неверный ответ сервера: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Refused to open &quot;%1&quot;: only http and https links open.</source>
        <translation>Ссылка «%1» не открыта: открываются только ссылки http и https.</translation>
    </message>
    <message>
        <source>No browser could open %1</source>
        <translation>Ни один браузер не смог открыть %1</translation>
    </message>
    <message>
        <source>Link not opened</source>
        <translation>Ссылка не открыта</translation>
    </message>
    <message>
        <source>Click to open in the browser:
%1</source>
        <translation>Щёлкните, чтобы открыть в браузере:
%1</translation>
    </message>
    <message>
        <source>[image not shown: %1]</source>
        <translation>[изображение не показано: %1]</translation>
    </message>
    <message>
        <source>Custom time range</source>
        <translation>Свой интервал времени</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source>The start must be before the end.</source>
        <translation>Начало должно быть раньше конца.</translation>
    </message>
    <message>
        <source>(no root span)</source>
        <translation>(нет корневого спана)</translation>
    </message>
</context>
<context>
    <name>RunbookLibrary</name>
    <message>
        <source>no runbook link</source>
        <translation>нет ссылки на ранбук</translation>
    </message>
    <message>
        <source>not a valid web address: %1</source>
        <translation>неверный веб-адрес: %1</translation>
    </message>
    <message>
        <source>refused to open &quot;%1&quot;: only http and https links open (this one is %2:)</source>
        <translation>ссылка «%1» не открыта: открываются только ссылки http и https (у этой — %2:)</translation>
    </message>
    <message>
        <source>not a URL</source>
        <translation>не URL</translation>
    </message>
</context>
<context>
    <name>RunbookViewer</name>
    <message>
        <source>← Back</source>
        <translation>← Назад</translation>
    </message>
    <message>
        <source>Choose an alert with a runbook, then &quot;Open runbook&quot;.</source>
        <translation>Выберите оповещение с ранбуком, затем «Открыть ранбук».</translation>
    </message>
    <message>
        <source>Cannot read runbook %1: %2</source>
        <translation>Не удалось прочитать ранбук %1: %2</translation>
    </message>
</context>
<context>
    <name>SeriesStats</name>
    <message>
        <source>Last</source>
        <translation>Последнее</translation>
    </message>
    <message>
        <source>Last *</source>
        <translation>Последнее *</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Первое</translation>
    </message>
    <message>
        <source>First *</source>
        <translation>Первое *</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Среднее</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Макс.</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Мин.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Всего</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Интервал</translation>
    </message>
    <message>
        <source>Delta</source>
        <translation>Приращение</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Разница</translation>
    </message>
</context>
<context>
    <name>ServiceShareBars</name>
    <message>
        <source>No spans</source>
        <translation>Нет спанов</translation>
    </message>
</context>
<context>
    <name>SessionStore</name>
    <message>
        <source>Cannot create %1: unsaved changes will not be kept if Dozor stops unexpectedly.</source>
        <translation>Не удалось создать %1: при неожиданной остановке Dozor несохранённые изменения будут потеряны.</translation>
    </message>
    <message>
        <source>Another Dozor is running: its session is left alone, and this window&apos;s unsaved changes are not autosaved.</source>
        <translation>Запущен другой экземпляр Dozor: его сеанс не тронут, а несохранённые изменения этого окна не сохраняются автоматически.</translation>
    </message>
    <message>
        <source>The saved session %1 cannot be read (%2); it was moved to %3.</source>
        <translation>Сохранённый сеанс %1 не читается (%2); он перемещён в %3.</translation>
    </message>
    <message>
        <source>Cannot autosave the session to %1: %2</source>
        <translation>Не удалось автоматически сохранить сеанс в %1: %2</translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation>неизвестный формат</translation>
    </message>
    <message>
        <source>no dashboard in it</source>
        <translation>в нём нет дашборда</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Действие</translation>
    </message>
</context>
<context>
    <name>SilenceDialog</name>
    <message>
        <source>Silence %1</source>
        <translation>Заглушить %1</translation>
    </message>
    <message>
        <source>New silence</source>
        <translation>Новое заглушение</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Метка</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Alerts matching all of these are silenced:</source>
        <translation>Заглушаются оповещения, подходящие под все эти условия:</translation>
    </message>
    <message>
        <source>Add matcher</source>
        <translation>Добавить условие</translation>
    </message>
    <message>
        <source>Remove matcher</source>
        <translation>Удалить условие</translation>
    </message>
    <message>
        <source>A duration such as 30m, 2h or 1d</source>
        <translation>Длительность, например 30m, 2h или 1d</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>Why is this silenced? (required)</source>
        <translation>Почему это заглушено? (обязательно)</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Create silence</source>
        <translation>Создать заглушение</translation>
    </message>
    <message>
        <source>Add at least one matcher.</source>
        <translation>Добавьте хотя бы одно условие.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a duration (try 2h or 1d).</source>
        <translation>«%1» — не длительность (например, 2h или 1d).</translation>
    </message>
    <message>
        <source>Say who creates the silence.</source>
        <translation>Укажите, кто создаёт заглушение.</translation>
    </message>
    <message>
        <source>Write a comment: the next on-call reads it.</source>
        <translation>Напишите комментарий: его прочитает следующий дежурный.</translation>
    </message>
    <message>
        <source>Alertmanager refused the silence: %1</source>
        <translation>Alertmanager отклонил заглушение: %1</translation>
    </message>
</context>
<context>
    <name>SpanDetail</name>
    <message>
        <source>Operation</source>
        <translation>Операция</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Сервис</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Self time</source>
        <translation>Собственное время</translation>
    </message>
    <message>
        <source>Critical path</source>
        <translation>Критический путь</translation>
    </message>
    <message>
        <source>Span ID</source>
        <translation>ID спана</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Родитель</translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation>Копировать значение</translation>
    </message>
    <message>
        <source>+%1  (%2)</source>
        <translation>+%1  (%2)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Ключ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Time / field</source>
        <translation>Время / поле</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Trace ID</source>
        <translation>ID трассировки</translation>
    </message>
    <message>
        <source>Span</source>
        <translation>Спан</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Предупреждение</translation>
    </message>
    <message>
        <source>No span selected</source>
        <translation>Спан не выбран</translation>
    </message>
    <message>
        <source>%1  (%2% of the trace)</source>
        <translation>%1  (%2% трассировки)</translation>
    </message>
    <message>
        <source>not on the critical path</source>
        <translation>не на критическом пути</translation>
    </message>
    <message>
        <source>%1: %2  (%3)%4</source>
        <translation>%1: %2  (%3)%4</translation>
    </message>
    <message>
        <source>, follows from</source>
        <translation>, следует за</translation>
    </message>
    <message>
        <source>none (a root span)</source>
        <translation>нет (корневой спан)</translation>
    </message>
    <message>
        <source>Double-click to show this span</source>
        <translation>Дважды щёлкните, чтобы показать этот спан</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>отсутствует</translation>
    </message>
    <message>
        <source>No span with this ID is in the trace</source>
        <translation>В трассировке нет спана с таким ID</translation>
    </message>
    <message>
        <source>The span is in another trace</source>
        <translation>Спан находится в другой трассировке</translation>
    </message>
    <message>
        <source>span</source>
        <translation>спан</translation>
    </message>
    <message>
        <source>trace</source>
        <translation>трассировка</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Процесс</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Логи</translation>
    </message>
    <message>
        <source>References</source>
        <translation>Ссылки</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Предупреждения</translation>
    </message>
    <message>
        <source>Open link</source>
        <translation>Открыть ссылку</translation>
    </message>
</context>
<context>
    <name>TargetsModel</name>
    <message>
        <source>Scrape pool</source>
        <translation>Пул сбора</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Метки</translation>
    </message>
    <message>
        <source>Last scrape</source>
        <translation>Последний сбор</translation>
    </message>
    <message>
        <source>Scrape duration</source>
        <translation>Длительность сбора</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
</context>
<context>
    <name>TargetsView</name>
    <message>
        <source>All states</source>
        <translation>Все состояния</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Не работает</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Работает</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Неизвестно</translation>
    </message>
    <message>
        <source>Filter by pool, endpoint, label or error</source>
        <translation>Фильтр по пулу, адресу, метке или ошибке</translation>
    </message>
    <message>
        <source>⟳</source>
        <translation>⟳</translation>
    </message>
    <message>
        <source>Fetch the targets again</source>
        <translation>Запросить цели заново</translation>
    </message>
    <message>
        <source>No Prometheus datasource</source>
        <translation>Нет источника данных Prometheus</translation>
    </message>
    <message>
        <source> on %1</source>
        <translation> на %1</translation>
    </message>
    <message>
        <source> (fetched %1)</source>
        <translation> (получено %1)</translation>
    </message>
    <message>
        <source>Cannot read targets: %1</source>
        <translation>Не удалось прочитать цели: %1</translation>
    </message>
    <message>
        <source>Targets unknown</source>
        <translation>Цели неизвестны</translation>
    </message>
</context>
<context>
    <name>TimeRange</name>
    <message numerus="yes">
        <source>Last %n second</source>
        <translation>
            <numerusform>Последняя %n секунда</numerusform>
            <numerusform>Последние %n секунды</numerusform>
            <numerusform>Последние %n секунд</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n seconds</source>
        <translation>
            <numerusform>Последняя %n секунда</numerusform>
            <numerusform>Последние %n секунды</numerusform>
            <numerusform>Последние %n секунд</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n minute</source>
        <translation>
            <numerusform>Последняя %n минута</numerusform>
            <numerusform>Последние %n минуты</numerusform>
            <numerusform>Последние %n минут</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n minutes</source>
        <translation>
            <numerusform>Последняя %n минута</numerusform>
            <numerusform>Последние %n минуты</numerusform>
            <numerusform>Последние %n минут</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n hour</source>
        <translation>
            <numerusform>Последний %n час</numerusform>
            <numerusform>Последние %n часа</numerusform>
            <numerusform>Последние %n часов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n hours</source>
        <translation>
            <numerusform>Последний %n час</numerusform>
            <numerusform>Последние %n часа</numerusform>
            <numerusform>Последние %n часов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n day</source>
        <translation>
            <numerusform>Последний %n день</numerusform>
            <numerusform>Последние %n дня</numerusform>
            <numerusform>Последние %n дней</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n days</source>
        <translation>
            <numerusform>Последний %n день</numerusform>
            <numerusform>Последние %n дня</numerusform>
            <numerusform>Последние %n дней</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n week</source>
        <translation>
            <numerusform>Последняя %n неделя</numerusform>
            <numerusform>Последние %n недели</numerusform>
            <numerusform>Последние %n недель</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n weeks</source>
        <translation>
            <numerusform>Последняя %n неделя</numerusform>
            <numerusform>Последние %n недели</numerusform>
            <numerusform>Последние %n недель</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n year</source>
        <translation>
            <numerusform>Последний %n год</numerusform>
            <numerusform>Последние %n года</numerusform>
            <numerusform>Последние %n лет</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n years</source>
        <translation>
            <numerusform>Последний %n год</numerusform>
            <numerusform>Последние %n года</numerusform>
            <numerusform>Последние %n лет</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>TimeRangePicker</name>
    <message>
        <source>Time range</source>
        <translation>Интервал времени</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>Свой интервал…</translation>
    </message>
</context>
<context>
    <name>TraceResults</name>
    <message>
        <source>1 trace</source>
        <translation>1 трассировка</translation>
    </message>
    <message>
        <source>%1 traces</source>
        <translation>трассировок: %1</translation>
    </message>
    <message>
        <source>Traces with errors</source>
        <translation>Трассировки с ошибками</translation>
    </message>
    <message>
        <source>Traces</source>
        <translation>Трассировки</translation>
    </message>
    <message>
        <source>Most recent</source>
        <translation>Сначала новые</translation>
    </message>
    <message>
        <source>Longest first</source>
        <translation>Сначала самые долгие</translation>
    </message>
    <message>
        <source>Shortest first</source>
        <translation>Сначала самые быстрые</translation>
    </message>
    <message>
        <source>Most spans</source>
        <translation>Больше всего спанов</translation>
    </message>
    <message>
        <source>Most errors</source>
        <translation>Больше всего ошибок</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>Сортировка:</translation>
    </message>
    <message>
        <source>Choose a service and find traces.</source>
        <translation>Выберите сервис и найдите трассировки.</translation>
    </message>
    <message>
        <source>No traces found</source>
        <translation>Трассировки не найдены</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <source>s</source>
        <translation>с</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>мс</translation>
    </message>
    <message>
        <source>µs</source>
        <translation>мкс</translation>
    </message>
    <message>
        <source>Duration (%1)</source>
        <translation>Длительность (%1)</translation>
    </message>
    <message>
        <source>%1: %2
%3, %4 spans</source>
        <translation>%1: %2
%3, спанов: %4</translation>
    </message>
    <message>
        <source>, %1 errors</source>
        <translation>, ошибок: %1</translation>
    </message>
</context>
<context>
    <name>TraceResultsModel</name>
    <message>
        <source>%1
Trace %2</source>
        <translation>%1
Трассировка %2</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>Root</source>
        <translation>Корень</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Спаны</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Ошибки</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Сервисы</translation>
    </message>
</context>
<context>
    <name>TraceSearchForm</name>
    <message>
        <source>Choose a service</source>
        <translation>Выберите сервис</translation>
    </message>
    <message>
        <source>all</source>
        <translation>все</translation>
    </message>
    <message>
        <source>Tags in logfmt: key=value pairs separated by spaces; quote values with spaces (db.statement=&quot;find sessions&quot;)</source>
        <translation>Теги в формате logfmt: пары ключ=значение через пробел; значения с пробелами — в кавычках (db.statement=&quot;find sessions&quot;)</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Последние 15 минут</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Последний час</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>Последние 6 часов</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Последние 24 часа</translation>
    </message>
    <message>
        <source>Last 2 days</source>
        <translation>Последние 2 дня</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Свой</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>e.g. 500ms</source>
        <translation>например, 500ms</translation>
    </message>
    <message>
        <source>e.g. 1.2s</source>
        <translation>например, 1.2s</translation>
    </message>
    <message>
        <source>Find Traces</source>
        <translation>Найти трассировки</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Сервис</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Операция</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Lookback</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Limit results</source>
        <translation>Ограничить результаты</translation>
    </message>
    <message>
        <source>Choose a service.</source>
        <translation>Выберите сервис.</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Теги: %1</translation>
    </message>
    <message>
        <source>Min duration &quot;%1&quot; is not a duration (e.g. 500ms, 1.2s, 1m30s).</source>
        <translation>Минимальная длительность «%1» — не длительность (например, 500ms, 1.2s, 1m30s).</translation>
    </message>
    <message>
        <source>Max duration &quot;%1&quot; is not a duration (e.g. 500ms, 1.2s, 1m30s).</source>
        <translation>Максимальная длительность «%1» — не длительность (например, 500ms, 1.2s, 1m30s).</translation>
    </message>
    <message>
        <source>Min duration is longer than max duration.</source>
        <translation>Минимальная длительность больше максимальной.</translation>
    </message>
    <message>
        <source>The start of the time range must be before its end.</source>
        <translation>Начало интервала должно быть раньше его конца.</translation>
    </message>
</context>
<context>
    <name>TraceSummaryView</name>
    <message>
        <source>Click an operation to show its spans</source>
        <translation>Щёлкните операцию, чтобы показать её спаны</translation>
    </message>
    <message>
        <source>Self time by service</source>
        <translation>Собственное время по сервисам</translation>
    </message>
    <message>
        <source>Top operations by self time</source>
        <translation>Топ операций по собственному времени</translation>
    </message>
    <message>
        <source>No trace</source>
        <translation>Нет трассировки</translation>
    </message>
    <message>
        <source>Trace duration %1. The headline counts time on the critical path; the bars and the table count self time (a span&apos;s time outside its children).</source>
        <translation>Длительность трассировки %1. В заголовке — время на критическом пути; полосы и таблица показывают собственное время (время спана без дочерних спанов).</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Сервис</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Операция</translation>
    </message>
    <message>
        <source>Self time</source>
        <translation>Собственное время</translation>
    </message>
    <message>
        <source>% of trace</source>
        <translation>% трассировки</translation>
    </message>
    <message>
        <source>Critical path</source>
        <translation>Критический путь</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
</context>
<context>
    <name>TraceWaterfall</name>
    <message>
        <source>Find in trace (operation, service, tag, span ID)</source>
        <translation>Поиск в трассировке (операция, сервис, тег, ID спана)</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Предыдущий</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Предыдущее совпадение (Shift+F3)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Следующий</translation>
    </message>
    <message>
        <source>Next match (Enter, F3)</source>
        <translation>Следующее совпадение (Enter, F3)</translation>
    </message>
    <message>
        <source>Expand all</source>
        <translation>Развернуть всё</translation>
    </message>
    <message>
        <source>Collapse all</source>
        <translation>Свернуть всё</translation>
    </message>
    <message>
        <source>Depth %1</source>
        <translation>Глубина %1</translation>
    </message>
    <message>
        <source>Collapse to depth</source>
        <translation>Свернуть до глубины</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Сбросить масштаб</translation>
    </message>
    <message>
        <source>Show the whole trace (Ctrl+0). Zoom: Ctrl+wheel or drag on the ruler; Shift+wheel pans.</source>
        <translation>Показать всю трассировку (Ctrl+0). Масштаб: Ctrl+колесо или перетаскивание по линейке; Shift+колесо сдвигает.</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Нет совпадений</translation>
    </message>
    <message>
        <source>1 match</source>
        <translation>1 совпадение</translation>
    </message>
    <message>
        <source>%1 matches</source>
        <translation>совпадений: %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
</context>
<context>
    <name>TraceWaterfallModel</name>
    <message>
        <source>Service &amp; Operation</source>
        <translation>Сервис и операция</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Шкала времени</translation>
    </message>
    <message>
        <source>Start +%1, duration %2, self %3</source>
        <translation>Начало +%1, длительность %2, собственное %3</translation>
    </message>
    <message>
        <source>On the critical path: %1</source>
        <translation>На критическом пути: %1</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
</context>
<context>
    <name>TraceWorkspace</name>
    <message>
        <source>Trace Search</source>
        <translation>Поиск трассировок</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Трассировка</translation>
    </message>
    <message>
        <source>Span</source>
        <translation>Спан</translation>
    </message>
    <message>
        <source>Trace Summary</source>
        <translation>Сводка трассировки</translation>
    </message>
    <message>
        <source>&amp;Traces</source>
        <translation>&amp;Трассировки</translation>
    </message>
    <message>
        <source>&amp;Search Traces…</source>
        <translation>&amp;Поиск трассировок…</translation>
    </message>
    <message>
        <source>Open Trace by &amp;ID…</source>
        <translation>Открыть трассировку по &amp;ID…</translation>
    </message>
    <message>
        <source>Open Trace &amp;File…</source>
        <translation>Открыть &amp;файл трассировки…</translation>
    </message>
    <message>
        <source>Save Trace &amp;As…</source>
        <translation>Сохранить трассировку &amp;как…</translation>
    </message>
    <message>
        <source>Jaeger services: %1</source>
        <translation>Сервисы Jaeger: %1</translation>
    </message>
    <message>
        <source>Jaeger (%1): %2</source>
        <translation>Jaeger (%1): %2</translation>
    </message>
    <message>
        <source>Jaeger operations: %1</source>
        <translation>Операции Jaeger: %1</translation>
    </message>
    <message>
        <source>Trace search failed: %1</source>
        <translation>Ошибка поиска трассировок: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n trace(s) found</source>
        <translation>
            <numerusform>Найдена %n трассировка</numerusform>
            <numerusform>Найдены %n трассировки</numerusform>
            <numerusform>Найдено %n трассировок</numerusform>
        </translation>
    </message>
    <message>
        <source>Not a trace ID: %1</source>
        <translation>Это не ID трассировки: %1</translation>
    </message>
    <message>
        <source>Fetching trace %1…</source>
        <translation>Загрузка трассировки %1…</translation>
    </message>
    <message>
        <source>Trace %1: %2</source>
        <translation>Трассировка %1: %2</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>не найдено</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Чтение %1…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no trace in the file</source>
        <translation>в файле нет трассировки</translation>
    </message>
    <message>
        <source>%1 holds %2 traces; showing the first</source>
        <translation>В %1 трассировок: %2; показана первая</translation>
    </message>
    <message numerus="yes">
        <source>Trace — %1: %2 (%3, %n span(s))</source>
        <translation>
            <numerusform>Трассировка — %1: %2 (%3, %n спан)</numerusform>
            <numerusform>Трассировка — %1: %2 (%3, %n спана)</numerusform>
            <numerusform>Трассировка — %1: %2 (%3, %n спанов)</numerusform>
        </translation>
    </message>
    <message>
        <source>No trace is open.</source>
        <translation>Трассировка не открыта.</translation>
    </message>
    <message>
        <source>Open Trace</source>
        <translation>Открыть трассировку</translation>
    </message>
    <message>
        <source>Trace ID:</source>
        <translation>ID трассировки:</translation>
    </message>
    <message>
        <source>Open Trace File</source>
        <translation>Открыть файл трассировки</translation>
    </message>
    <message>
        <source>Jaeger or OTLP traces (*.json *.jsonl);;All files (*)</source>
        <translation>Трассировки Jaeger или OTLP (*.json *.jsonl);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Save Trace</source>
        <translation>Сохранить трассировку</translation>
    </message>
    <message>
        <source>Jaeger JSON (*.json)</source>
        <translation>Jaeger JSON (*.json)</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Не удалось сохранить %1: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>не удалось прочитать %1: %2</translation>
    </message>
</context>
<context>
    <name>VariableBar</name>
    <message>
        <source>filters, e.g. job=&quot;api&quot;, instance!=&quot;x&quot;</source>
        <translation>фильтры, например job=&quot;api&quot;, instance!=&quot;x&quot;</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Найти</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Все</translation>
    </message>
</context>
<context>
    <name>WallScreen</name>
    <message>
        <source>Playlist paused - Space resumes</source>
        <translation>Плейлист на паузе — Пробел продолжает</translation>
    </message>
    <message>
        <source>Playlist resumed</source>
        <translation>Плейлист продолжен</translation>
    </message>
    <message>
        <source>Playlist waits: the dashboard has unsaved changes</source>
        <translation>Плейлист ждёт: в дашборде есть несохранённые изменения</translation>
    </message>
    <message>
        <source>Trying again in %1.</source>
        <translation>Повтор через %1.</translation>
    </message>
    <message>
        <source>Skipped %1: %2</source>
        <translation>Пропущен %1: %2</translation>
    </message>
    <message>
        <source>it does not open</source>
        <translation>он не открывается</translation>
    </message>
</context>
</TS>
