<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AlertListWidget</name>
    <message numerus="yes">
        <source>%n alert(s), %1 shown · %2 active silence(s) · updated %3</source>
        <translation>
            <numerusform>%n alert, %1 shown · %2 active silence · updated %3</numerusform>
            <numerusform>%n alerts, %1 shown · %2 active silences · updated %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message numerus="yes">
        <source>%1   (%n panel(s))</source>
        <translation>
            <numerusform>%1   (%n panel)</numerusform>
            <numerusform>%1   (%n panels)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatasourceDialog</name>
    <message numerus="yes">
        <source>Jaeger%1 — OK, %n services</source>
        <translation>
            <numerusform>Jaeger%1 — OK, %n service</numerusform>
            <numerusform>Jaeger%1 — OK, %n services</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HealthView</name>
    <message numerus="yes">
        <source>%n endpoints: </source>
        <translation>
            <numerusform>%n endpoint: </numerusform>
            <numerusform>%n endpoints: </numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Wrote %1 (%n page(s))</source>
        <translation>
            <numerusform>Wrote %1 (%n page)</numerusform>
            <numerusform>Wrote %1 (%n pages)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n critical alert(s) firing</source>
        <translation>
            <numerusform>%n critical alert firing</numerusform>
            <numerusform>%n critical alerts firing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n panel(s) loading</source>
        <translation>
            <numerusform>%n panel loading</numerusform>
            <numerusform>%n panels loading</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n panel(s) with errors</source>
        <translation>
            <numerusform>%n panel with errors</numerusform>
            <numerusform>%n panels with errors</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PanelInspector</name>
    <message numerus="yes">
        <source>%n series</source>
        <translation>
            <numerusform>%n series</numerusform>
            <numerusform>%n series</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  Response: %n byte(s)</source>
        <translation>
            <numerusform>  Response: %n byte</numerusform>
            <numerusform>  Response: %n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimeRange</name>
    <message numerus="yes">
        <source>Last %n second</source>
        <translation>
            <numerusform>Last %n second</numerusform>
            <numerusform>Last %n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n seconds</source>
        <translation>
            <numerusform>Last %n second</numerusform>
            <numerusform>Last %n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n minute</source>
        <translation>
            <numerusform>Last %n minute</numerusform>
            <numerusform>Last %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n minutes</source>
        <translation>
            <numerusform>Last %n minute</numerusform>
            <numerusform>Last %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n hour</source>
        <translation>
            <numerusform>Last %n hour</numerusform>
            <numerusform>Last %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n hours</source>
        <translation>
            <numerusform>Last %n hour</numerusform>
            <numerusform>Last %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n day</source>
        <translation>
            <numerusform>Last %n day</numerusform>
            <numerusform>Last %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n days</source>
        <translation>
            <numerusform>Last %n day</numerusform>
            <numerusform>Last %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n week</source>
        <translation>
            <numerusform>Last %n week</numerusform>
            <numerusform>Last %n weeks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n weeks</source>
        <translation>
            <numerusform>Last %n week</numerusform>
            <numerusform>Last %n weeks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n year</source>
        <translation>
            <numerusform>Last %n year</numerusform>
            <numerusform>Last %n years</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n years</source>
        <translation>
            <numerusform>Last %n year</numerusform>
            <numerusform>Last %n years</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TraceWorkspace</name>
    <message numerus="yes">
        <source>%n trace(s) found</source>
        <translation>
            <numerusform>%n trace found</numerusform>
            <numerusform>%n traces found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trace — %1: %2 (%3, %n span(s))</source>
        <translation>
            <numerusform>Trace — %1: %2 (%3, %n span)</numerusform>
            <numerusform>Trace — %1: %2 (%3, %n spans)</numerusform>
        </translation>
    </message>
</context>
</TS>
