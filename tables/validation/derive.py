#!/usr/bin/env python3
"""Derive the Scotland validation tables from ../shared (run from the repository root):

    python3 tables/validation/derive.py [--shared DIR] [--year YEAR] [--scotland-csv FILE]
                                        [--out DIR]

Writes into --out (default tables/validation):
  uk2010/            the UK 2010 national product-by-product table (ONS analytical tables),
                     127 products, domestic flows, as a mrio table folder
  concordance.csv    UK 127 products -> the 95 sectors common to the UK and Scottish tables
  scotland<YEAR>/    the Scottish survey-based table of YEAR (Scottish-produced flows only,
                     rest-of-UK and rest-of-world imports as primary-input rows), aggregated
                     to the 95 common sectors, region SCO: the benchmark
  indicators<YEAR>.csv  region,sector,value: Scottish output by common sector (GBP m), the
                     regional size indicator of the build recipe
It also checks that the Scottish table of YEAR reproduces the published Type I output
multipliers (98 industries) and that every table balances, and fails otherwise.

The held-back later years: pass --year and --scotland-csv with the later file in the layout
of scotland_ixi_domestic_basic_1998_2012.csv (the multiplier file is then looked up next to it
when it exists). Plain Python, no dependencies; deterministic output.
"""
import argparse, csv, os, sys

ap = argparse.ArgumentParser()
ap.add_argument("--shared", default=os.environ.get("MRIO_SHARED", "../shared"))
ap.add_argument("--year", type=int, default=2010)
ap.add_argument("--scotland-csv")
ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__))))
args = ap.parse_args()
SCO_DIR = os.path.join(args.shared, "data", "scotland_io_1998_2012")
SCO_CSV = args.scotland_csv or os.path.join(SCO_DIR, "scotland_ixi_domestic_basic_1998_2012.csv")
UK_DIR = os.path.join(args.shared, "cases", "ons_uk2010_iot_multipliers")
OUT = args.out

def num(v):
    return float(v) if v not in ("", None) else 0.0

def fmt(v):
    # Shortest round-trip text of a float; integers without ".0".
    if v == 0:
        return "0"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)

def write_csv(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

# ---- the 95 common sectors ---------------------------------------------------------
# (common code, name, Scottish IOC codes, UK product codes without NM_/NPISH_ prefixes)
COMMON = [
    ("01", "Agriculture", ["01"], ["01"]),
    ("02", "Forestry and logging", ["02.1, 02.4", "02.2-3"], ["02"]),
    ("03", "Fishing and aquaculture", ["03.1", "03.2"], ["03"]),
    ("05", "Coal and lignite", ["05"], ["05"]),
    ("06-08", "Oil and gas extraction, metal ores and other mining", ["06-08"], ["06-07", "08"]),
    ("09", "Mining support services", ["09"], ["09"]),
    ("10.1", "Meat processing", ["10.1"], ["10-1"]),
    ("10.2-3", "Fish, fruit and vegetable processing", ["10.2-3"], ["10-2-3"]),
    ("10.4-5", "Oils and fats; dairy products", ["10.4-5"], ["10-4", "10-5"]),
    ("10.6", "Grain milling and starch", ["10.6"], ["10-6"]),
    ("10.7", "Bakery and farinaceous products", ["10.7"], ["10-7"]),
    ("10.8", "Other food products", ["10.8"], ["10-8"]),
    ("10.9", "Animal feeds", ["10.9"], ["10-9"]),
    ("11.01-06", "Alcoholic beverages", ["11.01-04", "11.05-06"], ["11-01-6"]),
    ("11.07", "Soft drinks", ["11.07"], ["11-07"]),
    ("12", "Tobacco products", ["12"], ["12"]),
    ("13", "Textiles", ["13"], ["13"]),
    ("14", "Wearing apparel", ["14"], ["14"]),
    ("15", "Leather products", ["15"], ["15"]),
    ("16", "Wood and wood products", ["16"], ["16"]),
    ("17", "Paper and paper products", ["17"], ["17"]),
    ("18", "Printing and recording", ["18"], ["18"]),
    ("19_20B", "Coke, refined petroleum and petrochemicals", ["19, 20B"], ["19", "20B"]),
    ("20.3", "Paints, varnishes and inks", ["20.3"], ["20-3"]),
    ("20.4", "Soap, detergents and toilet preparations", ["20.4"], ["20-4"]),
    ("20.5", "Other chemical products", ["20.5"], ["20-5"]),
    ("20AC", "Industrial gases, inorganic chemicals, fertilisers, dyestuffs, agrochemicals", ["20AC"], ["20A", "20C"]),
    ("21", "Pharmaceuticals", ["21"], ["21"]),
    ("22", "Rubber and plastic products", ["22"], ["22"]),
    ("23.5-6", "Cement, lime and plaster", ["23.5-6"], ["23-5-6"]),
    ("23OTHER", "Glass, clay, stone and other non-metallic minerals", ["23OTHER"], ["23OTHER"]),
    ("24.1-3", "Iron and steel", ["24.1-3"], ["24-1-3"]),
    ("24.4-5", "Other basic metals and casting", ["24.4-5"], ["24-4-5"]),
    ("25", "Fabricated metal products", ["25"], ["25OTHER", "25-4"]),
    ("26", "Computer, electronic and optical products", ["26"], ["26"]),
    ("27", "Electrical equipment", ["27"], ["27"]),
    ("28", "Machinery and equipment n.e.c.", ["28"], ["28"]),
    ("29", "Motor vehicles", ["29"], ["29"]),
    ("30", "Other transport equipment", ["30"], ["30-1", "30-3", "30OTHER"]),
    ("31", "Furniture", ["31"], ["31"]),
    ("32", "Other manufactured goods", ["32"], ["32"]),
    ("33", "Repair and installation of machinery", ["33"], ["33-15", "33-16", "33OTHER"]),
    ("35.1", "Electricity", ["35.1"], ["35-1"]),
    ("35.2-3", "Gas, steam and air conditioning", ["35.2-3"], ["35-2-3"]),
    ("36-37", "Water supply and sewerage", ["36, 37"], ["36", "37"]),
    ("38-39", "Waste services and remediation", ["38, 39"], ["38", "39"]),
    ("41-43", "Construction", ["41-43"], ["41-43"]),
    ("45", "Wholesale and retail trade of motor vehicles", ["45"], ["45"]),
    ("46", "Wholesale trade", ["46"], ["46"]),
    ("47", "Retail trade", ["47"], ["47"]),
    ("49.1-2", "Rail transport", ["49.1-2"], ["49-1-2"]),
    ("49.3-5", "Other land transport and pipelines", ["49.3-5"], ["49-3-5"]),
    ("50", "Water transport", ["50"], ["50"]),
    ("51", "Air transport", ["51"], ["51"]),
    ("52", "Warehousing and transport support", ["52"], ["52"]),
    ("53", "Postal and courier services", ["53"], ["53"]),
    ("55", "Accommodation", ["55"], ["55"]),
    ("56", "Food and beverage services", ["56"], ["56"]),
    ("58", "Publishing", ["58"], ["58"]),
    ("59-60", "Film, video, TV, music; broadcasting", ["59, 60"], ["59-60"]),
    ("61", "Telecommunications", ["61"], ["61"]),
    ("62", "Computer services", ["62"], ["62"]),
    ("63", "Information services", ["63"], ["63"]),
    ("64", "Financial services", ["64"], ["64"]),
    ("65", "Insurance and pensions", ["65"], ["65-1-3"]),
    ("66", "Auxiliary financial services", ["66"], ["66"]),
    ("68.1-2", "Real estate (own, excluding imputed rent)", ["68.1-2"], ["68-1-2"]),
    ("68.2IMP", "Imputed rent", ["68.2IMP"], ["68-2IMP"]),
    ("68.3", "Real estate on a fee or contract basis", ["68.3"], ["68-3"]),
    ("69.1", "Legal services", ["69.1"], ["69-1"]),
    ("69.2", "Accounting and tax services", ["69.2"], ["69-2"]),
    ("70", "Head offices and management consulting", ["70"], ["70"]),
    ("71", "Architectural and engineering services", ["71"], ["71"]),
    ("72", "Research and development", ["72"], ["72"]),
    ("73", "Advertising and market research", ["73"], ["73"]),
    ("74", "Other professional services", ["74"], ["74"]),
    ("75", "Veterinary services", ["75"], ["75"]),
    ("77", "Rental and leasing", ["77"], ["77"]),
    ("78", "Employment services", ["78"], ["78"]),
    ("79", "Travel agencies and tour operators", ["79"], ["79"]),
    ("80", "Security and investigation", ["80"], ["80"]),
    ("81", "Services to buildings and landscape", ["81"], ["81"]),
    ("82", "Business support services", ["82"], ["82"]),
    ("84", "Public administration and defence", ["84"], ["84"]),
    ("85", "Education", ["85"], ["85"]),
    ("86", "Health", ["86"], ["86"]),
    ("87-88", "Residential care and social work", ["87, 88"], ["87-88"]),
    ("90", "Creative, arts and entertainment", ["90"], ["90"]),
    ("91", "Libraries, museums and culture", ["91"], ["91"]),
    ("92", "Gambling and betting", ["92"], ["92"]),
    ("93", "Sports and recreation", ["93"], ["93"]),
    ("94", "Membership organisations", ["94"], ["94"]),
    ("95", "Repair of computers and household goods", ["95"], ["95"]),
    ("96", "Other personal services", ["96"], ["96"]),
    ("97", "Households as employers", ["97"], ["97"]),
]
assert len(COMMON) == 95, len(COMMON)
SCO_MAP = {s: c for c, _, ss, _ in COMMON for s in ss}
UK_MAP = {u: c for c, _, _, us in COMMON for u in us}
NAMES = {c: n for c, n, _, _ in COMMON}
CODES = [c for c, _, _, _ in COMMON]

def uk_common(code):
    for p in ("NM_", "NPISH_"):
        if code.startswith(p):
            code = code[len(p):]
    return UK_MAP[code]

# ---- UK 2010 ---------------------------------------------------------------------------
def read_labelled(path):
    rows = list(csv.reader(open(path, newline="")))
    return rows[0][1:], [(r[0], [num(v) for v in r[1:]]) for r in rows[1:]]

def uk_table():
    cols, z = read_labelled(os.path.join(UK_DIR, "Z_domestic.csv"))
    ycols, y = read_labelled(os.path.join(UK_DIR, "final_demand.csv"))
    _, va = read_labelled(os.path.join(UK_DIR, "primary_inputs.csv"))
    x = {r[0]: num(r[1]) for r in list(csv.reader(open(os.path.join(UK_DIR, "x.csv"))))[1:]}
    labels = {r[0]: r[1] for r in list(csv.reader(open(os.path.join(UK_DIR, "product_labels.csv"))))[1:]}
    ids = [r for r, _ in z]
    assert ids == cols and [r for r, _ in y] == ids
    va_names = {"Imported goods and services": "imports_row",
                "Taxes less subsidies on products": "taxes_products",
                "Taxes less subsidies on production": "taxes_production",
                "Compensation of employees": "compensation",
                "Gross Operating Surplus": "gos"}
    va = [(va_names[r], v) for r, v in va if r != "Total output"]
    y_names = ["households", "npish", "central_gov", "local_gov", "gfcf", "valuables",
               "inventories", "exports_goods", "exports_services"]
    assert len(ycols) == len(y_names)
    d = os.path.join(OUT, "uk2010")
    write_csv(os.path.join(d, "index.csv"), ["id", "name"], [[i, labels[i]] for i in ids])
    write_csv(os.path.join(d, "Z.csv"), ["id"] + ids, [[r] + [fmt(v) for v in vals] for r, vals in z])
    write_csv(os.path.join(d, "Y.csv"), ["id"] + y_names, [[r] + [fmt(v) for v in vals] for r, vals in y])
    write_csv(os.path.join(d, "VA.csv"), ["component"] + ids, [[r] + [fmt(v) for v in vals] for r, vals in va])
    write_csv(os.path.join(d, "x.csv"), ["id", "x"], [[i, fmt(x[i])] for i in ids])
    with open(os.path.join(d, "table.toml"), "w") as f:
        f.write('name = "United Kingdom 2010, product by product, domestic flows (ONS Input-Output Analytical Tables)"\n'
                'year = 2010\nunit = "GBP m"\n'
                'source = "ONS UK Input-Output Analytical Tables 2010 (product by product), via rOpenGov/iotables '
                '(../shared/cases/ons_uk2010_iot_multipliers); Open Government Licence v3.0"\n'
                'notes = "Domestic use at basic prices; imports_row = imported goods and services used as inputs. '
                'Written by tables/validation/derive.py."\n'
                '\n[primary_inputs]\nimports = ["imports_row"]\nlabour_income = ["compensation"]\n'
                'taxes = ["taxes_products", "taxes_production"]\nother_value_added = ["gos"]\n')
    for i, k in enumerate(ids):
        rs = sum(z[i][1]) + sum(y[i][1])
        cs = sum(z[r][1][i] for r in range(len(ids))) + sum(v[i] for _, v in va)
        assert abs(rs - x[k]) <= 1e-9 * max(1.0, x[k]) and abs(cs - x[k]) <= 1e-6 * max(1.0, x[k]), k
    write_csv(os.path.join(OUT, "concordance.csv"), ["from", "to", "name"],
              [[i, uk_common(i), NAMES[uk_common(i)]] for i in ids])
    return sum(x.values())

# ---- Scotland ---------------------------------------------------------------------------
FD = [("HOUSEHOLD", "households"), ("NPISH", "npish"), ("FD_CENGOV", "central_gov"),
      ("FD_LOCGOV", "local_gov"), ("GFCF", "gfcf"), ("VALUABLES", "valuables"),
      ("INVENTORIES", "inventories"), ("EXPORTS_NONRES", "exports_nonresidents"),
      ("EXPORTS_RUK", "exports_ruk"), ("EXPORTS_ROW", "exports_row")]
VA = [("RUKImp", "imports_ruk"), ("RoWImp", "imports_row"), ("TlSPrds", "taxes_products"),
      ("TlSPrdn", "taxes_production"), ("CoE", "compensation"), ("GOS", "gos")]

def leontief_colsums(a):
    """1'(I - A)^-1 by Gauss-Jordan elimination on (I - A)' m = 1 (small n, plain Python)."""
    n = len(a)
    m = [[(1.0 if i == j else 0.0) - a[j][i] for j in range(n)] + [1.0] for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c]
        m[c] = [v / piv for v in m[c]]
        for r in range(n):
            if r != c and m[r][c] != 0.0:
                f = m[r][c]
                m[r] = [vr - f * vc for vr, vc in zip(m[r], m[c])]
    return [m[i][n] for i in range(n)]

def scotland(year):
    rows = [r for r in csv.DictReader(open(SCO_CSV, newline="")) if int(r["year"]) == year]
    if not rows:
        sys.exit(f"{SCO_CSV}: no rows for year {year}")
    by = {r["ioc098_sic"]: r for r in rows}
    codes = [r["ioc098_sic"] for r in rows if r["ioc098_sic"] in SCO_MAP]
    assert len(codes) == 98, len(codes)
    cols = ["IOC098_%03d" % (k + 1) for k in range(98)]
    col_of = dict(zip(codes, cols))
    x98 = [num(by["TOut"][c]) for c in cols]
    # Published multipliers of this year reproduced at 98 industries.
    mult_csv = os.path.join(os.path.dirname(SCO_CSV), "scotland_type1_multipliers_1998_2012.csv")
    a98 = [[num(by[r][c]) / x98[j] if x98[j] > 0 else 0.0 for j, c in enumerate(cols)] for r in codes]
    m98 = leontief_colsums(a98)
    worst = 0.0
    if os.path.exists(mult_csv):
        pub = {r["ioc098_sic"]: num(r["Output_M"]) for r in csv.DictReader(open(mult_csv, newline=""))
               if int(r["year"]) == year}
        for k, c in enumerate(codes):
            if x98[k] > 0 and c in pub:
                worst = max(worst, abs(m98[k] - pub[c]))
        assert worst < 1e-6, f"Type I output multipliers differ from the published ones by {worst}"
    idx = {c: k for k, c in enumerate(CODES)}
    n = len(CODES)
    z = [[0.0] * n for _ in range(n)]
    y = [[0.0] * len(FD) for _ in range(n)]
    va = [[0.0] * n for _ in range(len(VA))]
    x = [0.0] * n
    for r in codes:
        i = idx[SCO_MAP[r]]
        for c in codes:
            z[i][idx[SCO_MAP[c]]] += num(by[r][col_of[c]])
        for k, (src, _) in enumerate(FD):
            y[i][k] += num(by[r][src])
    for c in codes:
        j = idx[SCO_MAP[c]]
        x[j] += num(by["TOut"][col_of[c]])
        for p, (src, _) in enumerate(VA):
            va[p][j] += num(by[src][col_of[c]])
    for i in range(n):
        rs, cs = sum(z[i]) + sum(y[i]), sum(z[r][i] for r in range(n)) + sum(v[i] for v in va)
        assert abs(rs - x[i]) <= 1e-4 * max(1.0, x[i]) and abs(cs - x[i]) <= 1e-9 * max(1.0, x[i]), CODES[i]
    d = os.path.join(OUT, f"scotland{year}")
    ids = ["SCO_" + c for c in CODES]
    write_csv(os.path.join(d, "index.csv"), ["id", "region", "sector", "name"],
              [[i, "SCO", c, NAMES[c]] for i, c in zip(ids, CODES)])
    write_csv(os.path.join(d, "Z.csv"), ["id"] + ids, [[ids[i]] + [fmt(v) for v in z[i]] for i in range(n)])
    write_csv(os.path.join(d, "Y.csv"), ["id"] + ["SCO|" + l for _, l in FD[:7]] + [l for _, l in FD[7:]],
              [[ids[i]] + [fmt(v) for v in y[i]] for i in range(n)])
    write_csv(os.path.join(d, "VA.csv"), ["component"] + ids, [[l] + [fmt(v) for v in va[p]] for p, (_, l) in enumerate(VA)])
    write_csv(os.path.join(d, "x.csv"), ["id", "x"], [[ids[i], fmt(x[i])] for i in range(n)])
    with open(os.path.join(d, "table.toml"), "w") as f:
        f.write(f'name = "Scotland {year}, survey-based industry by industry, Scottish-produced flows (benchmark)"\n'
                f'year = {year}\nunit = "GBP m"\n'
                'source = "Scottish Government, Supply, Use and Input-Output Tables 1998-2019 (26 Oct 2022), IxI domestic '
                'use at basic prices, via ChristianSpence/gva-model@527d6a0 (../shared/data/scotland_io_1998_2012); '
                'Open Government Licence v3.0"\n'
                'notes = "98 IOC industries aggregated to the 95 sectors common with the UK 2010 product table '
                '(tables/validation/derive.py). Z = Scottish-produced intermediate flows; imports_ruk and imports_row are '
                'intermediate purchases from the rest of the UK and the rest of the world; x = total output at basic prices. '
                'Final demand keeps the residual of published rounding (rows balance to 1e-4 relative)."\n'
                '\n[primary_inputs]\nimports = ["imports_ruk", "imports_row"]\nlabour_income = ["compensation"]\n'
                'taxes = ["taxes_products", "taxes_production"]\nother_value_added = ["gos"]\n')
    write_csv(os.path.join(OUT, f"indicators{year}.csv"), ["region", "sector", "value", "source"],
              [["SCO", c, fmt(x[i]), f"Scottish IO tables {year}: total output at basic prices, GBP m"]
               for i, c in enumerate(CODES) if x[i] > 0])
    return sum(x), worst

uk_total = uk_table()
sco_total, worst = scotland(args.year)
print(f"UK 2010 output {uk_total:.0f} GBP m; Scotland {args.year} output {sco_total:.0f} GBP m "
      f"({100 * sco_total / uk_total:.2f}%); published multipliers reproduced to {worst:.1e}")
