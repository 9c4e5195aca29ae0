"""Bokmål dates and numbers as SSB writes them: 4. desember 2026, 04.12.2026, 5 425 270 (thin space), 2,5."""

DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"  # narrow no-break space: a thin space that never breaks a number over two lines
NUMBER_GROUPING = 3
