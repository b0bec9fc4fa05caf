"""The emergency number of common countries: the one a handout prints, and others that also reach help.

A brand states its ``country`` (ISO 3166 alpha-2) or its ``emergency_number``
(or both): a handout never prints 911 because nobody said otherwise. The
first number of a country is the one printed; the others are numbers that
also reach an ambulance there (112 on most mobile networks, a national
medical line), so a brand that gives one of them is not warned about.
Numbers are from each country's public emergency services.
"""

from __future__ import annotations

from .errors import did_you_mean

# The 27 EU member states answer 112 everywhere; some keep a national medical number too.
_EU_112 = {
    "AT": ("112", "144"), "BE": ("112",), "BG": ("112",), "HR": ("112", "194"), "CY": ("112", "199"),
    "CZ": ("112", "155"), "DK": ("112",), "EE": ("112",), "FI": ("112",), "FR": ("112", "15"),
    "DE": ("112",), "GR": ("112", "166"), "HU": ("112", "104"), "IE": ("112", "999"), "IT": ("112", "118"),
    "LV": ("112", "113"), "LT": ("112",), "LU": ("112",), "MT": ("112",), "NL": ("112",),
    "PL": ("112", "999"), "PT": ("112",), "RO": ("112",), "SK": ("112", "155"), "SI": ("112",),
    "ES": ("112", "061"), "SE": ("112",),
}

NUMBERS: dict[str, tuple[str, ...]] = {
    "US": ("911",), "CA": ("911",), "MX": ("911",), "PR": ("911",),
    "GB": ("999", "112"), "IS": ("112",), "NO": ("113", "112"), "CH": ("144", "112"),
    **_EU_112,
    "AU": ("000", "112"), "NZ": ("111",),
    "JP": ("119",), "KR": ("119",), "IN": ("112", "108"), "SG": ("995",), "HK": ("999",), "PH": ("911",),
    "BR": ("192",), "AR": ("107",), "CL": ("131",), "CO": ("123",), "IL": ("101",),
}

ALIASES = {"UK": "GB"}  # what people write; ISO's code is GB
# Names written where a code belongs, for the did-you-mean of an error (in capitals).
NAMES = {
    "UNITED STATES": "US", "USA": "US", "AMERICA": "US", "ESTADOS UNIDOS": "US", "CANADA": "CA",
    "MEXICO": "MX", "MÉXICO": "MX", "UNITED KINGDOM": "GB", "GREAT BRITAIN": "GB", "BRITAIN": "GB",
    "ENGLAND": "GB", "SCOTLAND": "GB", "WALES": "GB", "NORTHERN IRELAND": "GB", "IRELAND": "IE",
    "FRANCE": "FR", "GERMANY": "DE", "SPAIN": "ES", "ESPAÑA": "ES", "ITALY": "IT", "PORTUGAL": "PT",
    "NETHERLANDS": "NL", "BELGIUM": "BE", "AUSTRIA": "AT", "SWITZERLAND": "CH", "SWEDEN": "SE",
    "NORWAY": "NO", "DENMARK": "DK", "FINLAND": "FI", "POLAND": "PL", "GREECE": "GR",
    "AUSTRALIA": "AU", "NEW ZEALAND": "NZ", "JAPAN": "JP", "INDIA": "IN", "BRAZIL": "BR",
    "ARGENTINA": "AR", "CHILE": "CL", "COLOMBIA": "CO",
}


def country_code(written: str) -> str:
    """The table's code for what a brand wrote ('gb', 'UK' -> 'GB'), or ValueError with the closest."""
    code = written.strip().upper()
    code = ALIASES.get(code, code)
    if code in NUMBERS:
        return code
    named = NAMES.get(" ".join(code.replace(".", "").split()))
    hint = f"; did you mean '{named}'?" if named else did_you_mean(code, list(NUMBERS) + list(ALIASES))
    raise ValueError(
        f"expected a two-letter country code with a known emergency number (like US, GB, FR, AU), "
        f"got '{written}'{hint} (for a country not in the table, give emergency_number: \"...\" instead)"
    )


def number_for(code: str) -> str:
    """The number a handout prints for a country of the table."""
    return NUMBERS[code][0]


def known_numbers(code: str) -> tuple[str, ...]:
    """Every number of the table that reaches an ambulance in a country."""
    return NUMBERS[code]
