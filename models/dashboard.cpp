#include "dashboard.h"

const Panel *Dashboard::panel(int id) const
{
    for (const Panel &p : panels)
        if (p.id == id)
            return &p;
    return nullptr;
}

QString Dashboard::layoutKey() const
{
    return uid.isEmpty() ? title : uid;
}

Panel *Dashboard::panel(int id)
{
    for (Panel &p : panels)
        if (p.id == id)
            return &p;
    return nullptr;
}
