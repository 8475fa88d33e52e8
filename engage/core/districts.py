"""Bochum's six city districts (Stadtbezirke)."""

from flask_babel import lazy_gettext as _l

DISTRICTS = ("mitte", "wattenscheid", "nord", "ost", "sued", "suedwest")

DISTRICT_LABELS = {
    "mitte": _l("Bochum-Mitte"),
    "wattenscheid": _l("Wattenscheid"),
    "nord": _l("Bochum-Nord"),
    "ost": _l("Bochum-Ost"),
    "sued": _l("Bochum-Süd"),
    "suedwest": _l("Bochum-Südwest"),
}


def district_choices(empty_label=None) -> list[tuple[str, str]]:
    choices = [(key, str(label)) for key, label in DISTRICT_LABELS.items()]
    return ([("", str(empty_label))] if empty_label is not None else []) + choices
