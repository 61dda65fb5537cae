"""English as Vínculo writes it for people anywhere, not only in the United States: the day
before the month, the month in letters, a 24-hour clock ("14 March 2026, 18:30"). Django's
own English writes "March 14, 2026, 6:30 p.m." and "03/14/2026", which reads as the 3rd
of a fourteenth month to most of the world. Only how dates are shown changes; what a form
accepts is Django's English (and ISO dates everywhere)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
