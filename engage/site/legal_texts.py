"""Starting texts of the legal pages; admins edit them on the platform."""

LEGAL_PAGES = {
    "impressum": {
        "title_de": "Impressum",
        "title_en": "Imprint",
        "source_de": "Angaben gemäß § 5 DDG folgen.",
        "source_en": "Details according to § 5 DDG follow.",
    },
    "datenschutz": {
        "title_de": "Datenschutzerklärung",
        "title_en": "Privacy policy",
        "source_de": "Folgt.",
        "source_en": "Follows.",
    },
    "barrierefreiheit": {
        "title_de": "Erklärung zur Barrierefreiheit",
        "title_en": "Accessibility statement",
        "source_de": "Folgt.",
        "source_en": "Follows.",
    },
}
