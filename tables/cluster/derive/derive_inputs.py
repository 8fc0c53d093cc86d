#!/usr/bin/env python3
"""Derive the build inputs of tables/cluster/ from ../shared/data (run from the repo root:
`python3 tables/cluster/derive/derive_inputs.py [SHARED_DIR]`).

Writes, next to recipe.toml:
  concordance.csv            NBS 42 sectors -> 13 cluster sectors (from,to,name)
  indicators.csv             region,sector,value,status,source  value added, 10k CNY
  employment_indicators.csv  region,sector,value,status,source  urban-unit employment, persons
  distances.csv              origin,destination,km,status,source

Every row says whether its value is `cited` (a published figure, with the source),
`derived` (arithmetic on cited figures only) or `illustrative` (an estimate that uses an
assumption stated in `source`). Plain Python, no dependencies; deterministic output.
"""
import csv, math, os, sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MRIO_SHARED", "../shared")
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NBS = os.path.join(SHARED, "data", "china_nbs_42", "2017")
GZ = os.path.join(SHARED, "data", "guanzhong_cities")

# ---- concordance -------------------------------------------------------------------
SECTORS = [
    ("agri", "Agriculture, forestry, animal husbandry, fishery", ["01"]),
    ("mining", "Mining (coal, oil and gas, metal and non-metal ores)", ["02", "03", "04", "05"]),
    ("light", "Food, textiles, apparel, wood, paper and printing", ["06", "07", "08", "09", "10"]),
    ("materials", "Petroleum, chemicals, non-metallic minerals, metals, metal products", ["11", "12", "13", "14", "15"]),
    ("equip", "General and special purpose machinery", ["16", "17"]),
    ("transeq", "Transport equipment (NBS 18; split below into auto and aero)", ["18"]),
    ("elecmach", "Electrical machinery, instruments, other manufacturing, repair", ["19", "21", "22", "23"]),
    ("electronics", "Communication equipment, computers and other electronics", ["20"]),
    ("utilities", "Electricity, heat, gas and water", ["24", "25", "26"]),
    ("constr", "Construction", ["27"]),
    ("trade", "Wholesale, retail, transport, storage, post, hotels and catering", ["28", "29", "30"]),
    ("bizserv", "ICT, finance, real estate, leasing, business, R&D and technical services", ["31", "32", "33", "34", "35", "36"]),
    ("pubserv", "Water and environment management, resident services, education, health, culture, public administration", ["37", "38", "39", "40", "41", "42"]),
]
CODES = [s[0] for s in SECTORS]
INDUSTRY = ["mining", "light", "materials", "equip", "transeq", "elecmach", "electronics", "utilities"]
EQUIPMENT = ["equip", "transeq", "elecmach", "electronics"]
TERTIARY = ["trade", "bizserv", "pubserv"]

def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

write("concordance.csv", ["from", "to", "name"],
      [(c, code, name) for code, name, cs in SECTORS for c in cs])

# ---- national value added and compensation by cluster sector (10k CNY) --------------
va = {code: 0.0 for code in CODES}
comp = {code: 0.0 for code in CODES}
to = {c: code for code, _, cs in SECTORS for c in cs}
with open(os.path.join(NBS, "VA.csv")) as f:
    rows = list(csv.reader(f))
hdr = rows[0]
for row in rows[1:]:
    if row[0].startswith("IMP_INT"):
        continue
    for j, v in enumerate(row[1:], start=1):
        va[to[hdr[j]]] += float(v)
        if row[0].startswith("VA001"):
            comp[to[hdr[j]]] += float(v)

def shares(keys, weights=None):
    w = {k: va[k] * (weights or {}).get(k, 1.0) for k in keys}
    t = sum(w.values())
    return {k: w[k] / t for k in keys}

# ---- cities -------------------------------------------------------------------------
REGIONS = [("Xi'an", "XIAN"), ("Xianyang", "XIANYANG"), ("Baoji", "BAOJI"), ("Tongchuan", "TONGCHUAN"),
           ("Weinan", "WEINAN"), ("Shangluo", "SHANGLUO"), ("Yangling", "YANGLING"), ("Yuncheng", "YUNCHENG"),
           ("Linfen", "LINFEN"), ("Tianshui", "TIANSHUI"), ("Pingliang", "PINGLIANG"), ("Qingyang", "QINGYANG")]
CODE = dict(REGIONS)
cities = {r["city"]: r for r in csv.DictReader(open(os.path.join(GZ, "cities.csv")))}
CSMAR = "CSMAR CRE city GDP table via eileenCHEN-9/PhD_2022_2025@f20bcc5 (guanzhong_cities/cities.csv)"

# Illustrative specialization multipliers on the national within-industry shares, from the
# qualitative facts in guanzhong_cities/industries.csv and SOURCES.md (coal: Tongchuan, Linfen,
# Pingliang; oil: Qingyang; automobiles/titanium: Baoji; ...). Not published shares.
SPEC = {
    "XIANYANG": {"mining": 1.5, "light": 1.3, "materials": 1.2},
    "BAOJI": {"transeq": 3.0, "equip": 2.0, "materials": 1.5},
    "TONGCHUAN": {"mining": 3.0, "materials": 1.8},
    "WEINAN": {"mining": 2.5, "materials": 1.5},
    "SHANGLUO": {"mining": 3.0, "materials": 1.5, "light": 1.2},
    "YANGLING": {"light": 2.5},
    "YUNCHENG": {"materials": 2.0, "mining": 1.5, "light": 1.2},
    "LINFEN": {"mining": 3.5, "materials": 2.2},
    "TIANSHUI": {},
    "PINGLIANG": {"mining": 3.0, "utilities": 2.0, "light": 1.2},
    "QINGYANG": {"mining": 5.0, "materials": 1.5},
}
# Fixed shares of industry VA for the equipment group where a figure was found.
EQUIP_GROUP = {
    # Xi'an: equipment manufacturing = 57.5% of above-scale industrial VA (news.xinxunwang.com,
    # Xi'an statistics bureau head; industries.csv). Split inside the group illustrative.
    "XIAN": (0.575, {"transeq": 0.35, "electronics": 0.30, "equip": 0.20, "elecmach": 0.15},
             "equipment manufacturing = 57.5% of above-scale industrial VA 2017 (industries.csv: news.xinxunwang.com); "),
    # Tianshui: equipment manufacturing 'more than half' of city industry (m.yybnet.net; industries.csv).
    "TIANSHUI": (0.52, {"equip": 0.35, "elecmach": 0.30, "electronics": 0.30, "transeq": 0.05},
                 "equipment manufacturing 'more than half' of industry 2017 (industries.csv: m.yybnet.net), 52% used; "),
}

ind_rows, emp_rows = [], []
nat_constr_share = va["constr"] / sum(va[k] for k in INDUSTRY + ["constr"])
nat_util_gdp_share = va["utilities"] / sum(va.values())
emp = {r["city"]: r for r in csv.DictReader(open(os.path.join(GZ, "employment.csv"))) if r["year"] == "2017"}

city_pst = {}
for city, code in REGIONS:
    c = cities[city]
    gdp = float(c["gdp_100m_cny"])
    vals, status, src = {}, {}, {}
    if c["va_primary"]:
        P, S, T = (float(c[k]) for k in ("va_primary", "va_secondary", "va_tertiary"))
        base_status, base_src = "cited", CSMAR
    else:
        # Yangling: GDP only (141.27, newton.com.tw Baike mirror); 3-sector split of Xianyang used.
        xy = cities["Xianyang"]
        g = float(xy["gdp_100m_cny"])
        P, S, T = (gdp * float(xy[k]) / g for k in ("va_primary", "va_secondary", "va_tertiary"))
        base_status, base_src = "illustrative", "GDP 141.27 (cities.csv, newton.com.tw) split with Xianyang's primary/secondary/tertiary shares (assumption)"
    city_pst[code] = (P, S, T)
    vals["agri"], status["agri"], src["agri"] = P, base_status, "primary VA: " + base_src
    # Construction
    if c["industry_va"]:
        I = float(c["industry_va"])
        vals["constr"], status["constr"] = S - I, "derived"
        src["constr"] = "secondary VA (CSMAR) minus industrial VA 1684.02 (shx.chinadaily.com.cn)"
    else:
        vals["constr"], status["constr"] = S * nat_constr_share, "illustrative"
        src["constr"] = f"secondary VA ({base_status}) x national construction share of secondary VA {nat_constr_share:.4f} (NBS 2017 IO table)"
        I = S - vals["constr"]
    # Utilities are not traded between cities (recipe non_tradable): their output follows
    # local demand, so a city's utilities VA is its GDP x the national utilities share of
    # GDP (x a specialization factor where one is set; assumption, capped at half of
    # industry). The rest of industry is split over the manufacturing and mining sectors.
    U = min(gdp * nat_util_gdp_share * SPEC.get(code, {}).get("utilities", 1.0), 0.5 * I)
    Ir = I - U
    MFG = [k for k in INDUSTRY if k != "utilities"]
    note = ""
    if code in EQUIP_GROUP:
        g, split, note = EQUIP_GROUP[code]
        rest = [k for k in MFG if k not in EQUIPMENT]
        sh = {k: (Ir - g * I) / Ir * v for k, v in shares(rest).items()}
        sh.update({k: g * I / Ir * split[k] for k in EQUIPMENT})
    elif code == "XIANYANG":
        # electronics ~3% of industrial output end-2017 (journal abstract, industries.csv)
        rest = [k for k in MFG if k != "electronics"]
        sh = {k: (Ir - 0.03 * I) / Ir * v for k, v in shares(rest, SPEC[code]).items()}
        sh["electronics"] = 0.03 * I / Ir
        note = "electronics about 3% of industrial output 2017 (industries.csv: journal abstract), applied to VA; "
    else:
        sh = shares(MFG, SPEC.get(code, {}))
    for k in MFG:
        vals[k], status[k] = Ir * sh[k], "illustrative"
        mult = SPEC.get(code, {}).get(k)
        src[k] = (f"industrial VA minus utilities, split: {note}national NBS 2017 within-industry VA shares"
                  + (f" x specialization factor {mult} (assumption)" if mult else "")
                  + f"; industry VA total from {'cited' if c['industry_va'] else base_status} figures")
    vals["utilities"], status["utilities"] = U, "illustrative"
    src["utilities"] = (f"non-tradable: city GDP x national utilities share of GDP {nat_util_gdp_share:.4f} (NBS 2017 IO table)"
                        + (f" x specialization factor {SPEC[code]['utilities']}" if "utilities" in SPEC.get(code, {}) else "")
                        + " (assumption: output follows local demand), inside the city's industrial VA")
    tsh = shares(TERTIARY)
    for k in TERTIARY:
        vals[k], status[k] = T * tsh[k], "illustrative"
        src[k] = f"tertiary VA ({base_status}: {CSMAR if base_status == 'cited' else 'see agri row'}) x national NBS 2017 share {tsh[k]:.4f}"
    for k in CODES:
        ind_rows.append((code, k, f"{vals[k] * 1e4:.1f}", status[k], src[k]))
    # Employment (urban-unit employed persons, CSMAR Eect05 with 3-sector shares, 10k persons)
    if city in emp:
        e = emp[city]
        groups = {"P": float(e["derived_primary_10k"]), "S": float(e["derived_secondary_10k"]), "T": float(e["derived_tertiary_10k"])}
        est, esrc = "derived", "CSMAR CRE Eect05 x 3-sector shares (guanzhong_cities/employment.csv)"
    else:
        xy = emp["Xianyang"]
        f = gdp / float(cities["Xianyang"]["gdp_100m_cny"])
        groups = {"P": f * float(xy["derived_primary_10k"]), "S": f * float(xy["derived_secondary_10k"]), "T": f * float(xy["derived_tertiary_10k"])}
        est, esrc = "illustrative", "no employment figure: Xianyang's urban-unit employment per unit GDP x Yangling GDP (assumption)"
    members = {"P": ["agri"], "S": INDUSTRY + ["constr"], "T": TERTIARY}
    for g, ks in members.items():
        # within a group, jobs proportional to VA x national compensation/VA ratio (assumption)
        w = {k: vals[k] * comp[k] / va[k] for k in ks}
        tw = sum(w.values())
        for k in ks:
            jobs = groups[g] * 1e4 * w[k] / tw if tw > 0 else 0.0
            st = est if len(ks) == 1 else "illustrative"
            s = esrc if len(ks) == 1 else esrc + "; split within the group by VA x national compensation share (assumption)"
            emp_rows.append((code, k, f"{jobs:.1f}", st, s))

# ---- the rest of each province --------------------------------------------------------
# Province 2017 GDP and primary/secondary/tertiary shares: NBS China Statistical Yearbook 2018
# regional GDP table (preliminary vintage), as reproduced in a public teaching data file
# (code-index file id 5121251823: GDP 100 million CNY and the three shares in %). The GDPs
# equal provinces.csv's. Minus the cluster cities of the province (CSMAR, cities.csv): the
# two sources are different vintages, so the residual is `derived` with that caveat.
PROVINCES = [
    # code, name, province in cities.csv, GDP, primary %, secondary %, tertiary %
    ("SHAANXI-R", "Shaanxi", 21898.81, 7.9523, 49.6962, 42.3515),
    ("SHANXI-R", "Shanxi", 15528.42, 4.6313, 43.6547, 51.7140),
    ("GANSU-R", "Gansu", 7459.8995, 11.5250, 34.3408, 54.1342),
]
PROV_SRC = ("NBS China Statistical Yearbook 2018 regional GDP 2017 (preliminary) x 3-sector shares, "
            "via code-index file 5121251823")
# Illustrative specialization of the rest of each province (qualitative facts, not shares):
# northern Shaanxi (Yulin, Yan'an) and Shanxi are China's coal, oil and gas bases; Gansu's
# Lanzhou, Jinchang, Jiayuguan and Baiyin hold petrochemicals, nickel, steel and non-ferrous
# metals.
PROV_SPEC = {
    "SHAANXI-R": {"mining": 4.0, "materials": 1.3},
    "SHANXI-R": {"mining": 4.0, "materials": 1.5},
    "GANSU-R": {"mining": 1.5, "materials": 2.0},
}
GROUP_COLUMN = {"P": "derived_primary_10k", "S": "derived_secondary_10k", "T": "derived_tertiary_10k"}
city_jobs = {g: 0.0 for g in "PST"}
city_va = {g: 0.0 for g in "PST"}
for city, code in REGIONS:
    c = cities[city]
    if city in emp and c["va_primary"]:
        for g, k in (("P", "va_primary"), ("S", "va_secondary"), ("T", "va_tertiary")):
            city_jobs[g] += float(emp[city][GROUP_COLUMN[g]])
            city_va[g] += float(c[k])
for code, prov, gdp, p1, p2, p3 in PROVINCES:
    inside = [cities[c] for c, _ in REGIONS if cities[c]["province"] == prov]
    # The cities' VA as this table uses it (Yangling's illustrative split included).
    pst = [city_pst[CODE[c["city"]]] for c in inside]
    P = gdp * p1 / 100 - sum(v[0] for v in pst)
    S = gdp * p2 / 100 - sum(v[1] for v in pst)
    T = gdp * p3 / 100 - sum(v[2] for v in pst)
    names = ", ".join(c["city"] for c in inside)
    dsrc = f"{PROV_SRC} minus the cluster cities ({names}; CSMAR, cities.csv; vintages differ)"
    vals = {"agri": P, "constr": S * nat_constr_share}
    status = {"agri": "derived", "constr": "illustrative"}
    src = {"agri": "primary VA: " + dsrc,
           "constr": f"secondary VA ({dsrc}) x national construction share {nat_constr_share:.4f}"}
    I = S - vals["constr"]
    U = min((P + S + T) * nat_util_gdp_share, 0.5 * I)
    MFG = [k for k in INDUSTRY if k != "utilities"]
    sh = shares(MFG, PROV_SPEC[code])
    for k in MFG:
        vals[k], status[k] = (I - U) * sh[k], "illustrative"
        mult = PROV_SPEC[code].get(k)
        src[k] = (f"industrial VA (secondary minus construction; {dsrc}) minus utilities, split by national "
                  "NBS 2017 within-industry VA shares" + (f" x specialization factor {mult} (assumption)" if mult else ""))
    vals["utilities"], status["utilities"] = U, "illustrative"
    src["utilities"] = f"GDP x national utilities share of GDP {nat_util_gdp_share:.4f} (assumption: output follows local demand)"
    tsh = shares(TERTIARY)
    for k in TERTIARY:
        vals[k], status[k] = T * tsh[k], "illustrative"
        src[k] = f"tertiary VA ({dsrc}) x national NBS 2017 share {tsh[k]:.4f}"
    for k in CODES:
        ind_rows.append((code, k, f"{vals[k] * 1e4:.1f}", status[k], src[k]))
    # Jobs: the cluster cities' urban-unit jobs per unit of VA, by group (assumption).
    groups = {"P": P, "S": S, "T": T}
    members = {"P": ["agri"], "S": INDUSTRY + ["constr"], "T": TERTIARY}
    for g, ks in members.items():
        jobs_g = groups[g] * city_jobs[g] / city_va[g] * 1e4
        w = {k: vals[k] * comp[k] / va[k] for k in ks}
        tw = sum(w.values())
        for k in ks:
            emp_rows.append((code, k, f"{jobs_g * w[k] / tw:.1f}", "illustrative",
                             "the cluster cities' urban-unit jobs per unit of VA of the sector group (CSMAR Eect05, "
                             "employment.csv) x the region's VA; split within the group by VA x national "
                             "compensation share (assumption)"))

# ---- transport equipment split into automobiles and other transport equipment -------
# The recipe's [[sector_split]] splits NBS-42 sector 18 (`transeq`) with the NBS 2017
# 149-sector table: `auto` = 077-078 (automobiles, parts), `aero` = 079-081 (railway,
# ships, and 081 "other transport equipment", where aircraft and spacecraft sit together
# with motorcycles and bicycles; the 149 table has no aircraft product of its own).
# Each region's VA of the sector is split with a share of automobiles:
#   national share (149 table VA) everywhere, except where a cited level gives a weight.
N149 = os.path.join(SHARED, "data", "china_nbs_149_2017")
AUTO, OTHER = ["077", "078"], ["079", "080", "081"]
va149, x149 = {}, {}
for r in csv.DictReader(open(os.path.join(N149, "VA.csv"))):
    for c, v in r.items():
        if c != "component":
            va149[c] = va149.get(c, 0.0) + float(v)
for r in csv.DictReader(open(os.path.join(N149, "x.csv"))):
    x149[r["id"]] = float(r["x"])
NAT_AUTO = sum(va149[c] for c in AUTO) / sum(va149[c] for c in AUTO + OTHER)
VA_PER_X_OTHER = sum(va149[c] for c in OTHER) / sum(x149[c] for c in OTHER)
VA_PER_X_AUTO = sum(va149[c] for c in AUTO) / sum(x149[c] for c in AUTO)
NAT_SRC = (f"national share of automobiles (077-078) in the VA of transport equipment {NAT_AUTO:.4f} "
           "(NBS 2017 149-sector table; assumption: the region has the national mix)")
# Xi'an: Xi'an National Civil Aerospace Industrial Base space-industry output 270 (100 million
# CNY, 2020; industry_facts.csv: qianzhan.com citing the Base's 2020 work summary), taken back
# to 2017 with Xi'an's GDP 2017/2020 (cities.csv CSMAR / industry_facts.csv 10020.39)
# and turned into VA with the 149 table's VA per output of 079-081. Aviation outside the Base
# (e.g. Yanliang) is not counted: a lower bound for `aero`, an assumption.
XIAN_GDP_2020 = 10020.39
# Baoji: automobile industry output 'over 120' (100 million CNY) in 2019 Q1 (industries.csv:
# Baoji Daily 2019-05-15), x 4 for the year (assumption), x the 149 table's VA per output of
# 077-078.
def auto_share(code, transeq_va_10k):
    if code == "XIAN":
        g17 = float(cities["Xi'an"]["gdp_100m_cny"])
        other = 270 * g17 / XIAN_GDP_2020 * VA_PER_X_OTHER * 1e4
        s = max(0.0, 1 - other / transeq_va_10k)
        return s, (f"aero = Aerospace Base space-industry output 270 (100 million CNY, 2020; industry_facts.csv) "
                   f"x Xi'an GDP 2017/2020 {g17:.2f}/{XIAN_GDP_2020} x VA per output of 079-081 "
                   f"{VA_PER_X_OTHER:.4f} (NBS 2017 149 table); auto = the rest of transport equipment "
                   f"(share {s:.4f}; aviation outside the Base not counted: assumption)")
    if code == "BAOJI":
        auto = 4 * 120 * VA_PER_X_AUTO * 1e4
        s = min(1.0, auto / transeq_va_10k)
        return s, (f"auto = automobile output over 120 (100 million CNY) in 2019 Q1 x 4 (industries.csv: "
                   f"Baoji Daily; annualizing an assumption) x VA per output of 077-078 {VA_PER_X_AUTO:.4f} "
                   f"(NBS 2017 149 table), at most the sector's VA (share {s:.4f})")
    return NAT_AUTO, NAT_SRC

def split_transeq(rows, shares_by_region):
    out = []
    for region, sector, value, status, source in rows:
        if sector != "transeq":
            out.append((region, sector, value, status, source))
            continue
        s, why = shares_by_region[region]
        v = float(value)
        out.append((region, "auto", f"{v * s:.1f}", "illustrative", f"{source}; split: {why}"))
        out.append((region, "aero", f"{v * (1 - s):.1f}", "illustrative", f"{source}; split: {why}"))
    return out

split_shares = {r: auto_share(r, float(v)) for r, k, v, _, _ in ind_rows if k == "transeq"}
ind_rows = split_transeq(ind_rows, split_shares)
# jobs split like VA (assumption: the two parts have the same labour intensity)
emp_rows = split_transeq(emp_rows, split_shares)
for r, (s, _) in split_shares.items():
    print(f"  {r:10} automobiles' share of transport equipment VA {s:.4f}")

write("indicators.csv", ["region", "sector", "value", "status", "source"], ind_rows)
write("employment_indicators.csv", ["region", "sector", "value", "status", "source"], emp_rows)

# ---- distances ----------------------------------------------------------------------
drows = []
for r in csv.DictReader(open(os.path.join(GZ, "distances.csv"))):
    drows.append((CODE[r["origin"]], CODE[r["destination"]], r["km"], "cited",
                  "great-circle km between city centres (guanzhong_cities/distances.csv)"))
# Rest of China: great-circle distance to an illustrative point standing for the rest of the
# country's economic centre of mass (32.5N, 115.5E, roughly the Henan-Anhui-Hubei border).
def gc(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
for city, code in REGIONS:
    c = cities[city]
    km = gc(float(c["lat"]), float(c["lon"]), 32.5, 115.5)
    s = "illustrative: great-circle km to (32.5N, 115.5E), an assumed centre of the rest of China"
    drows.append((code, "ROC", f"{km:.1f}", "illustrative", s))
    drows.append(("ROC", code, f"{km:.1f}", "illustrative", s))
# The rest of each province: the mean great-circle distance to its prefecture seats
# (unweighted; assumption), coordinates as in a public ECharts city table (code-index file
# 25800467225, Baidu-style lon/lat of the seats).
SEATS = {
    "SHAANXI-R": [(36.6033, 109.5005), (38.2794, 109.7459), (33.0816, 107.0455), (32.7044, 109.0380)],
    "SHANXI-R": [(37.5273, 111.1432), (40.1137, 113.2905), (37.8903, 112.5509), (38.4610, 112.7279),
                    (37.6934, 112.7385), (35.4998, 112.8673), (39.3377, 112.4799), (36.2017, 113.1203),
                    (37.8695, 113.5692)],
    "GANSU-R": [(35.5985, 103.2152), (36.0642, 103.8233), (39.8024, 98.2816), (35.5861, 104.6266),
                   (38.9393, 100.4599), (37.9332, 102.6401), (34.9922, 102.9174), (36.5467, 104.1712),
                   (39.7415, 98.5084), (38.5161, 102.2081), (33.3945, 104.9346)],
}
SEAT_SRC = ("illustrative: mean great-circle km to the region's prefecture seats (unweighted; assumption; "
            "seat coordinates from code-index file 25800467225)")
def mean_km(points_a, points_b):
    ks = [gc(a[0], a[1], b[0], b[1]) for a in points_a for b in points_b]
    return sum(ks) / len(ks)
for rest, seats in SEATS.items():
    for city, code in REGIONS:
        c = cities[city]
        km = mean_km([(float(c["lat"]), float(c["lon"]))], seats)
        drows.append((code, rest, f"{km:.1f}", "illustrative", SEAT_SRC))
        drows.append((rest, code, f"{km:.1f}", "illustrative", SEAT_SRC))
    for other, oseats in SEATS.items():
        if other != rest:
            drows.append((rest, other, f"{mean_km(seats, oseats):.1f}", "illustrative", SEAT_SRC))
    km = mean_km(seats, [(32.5, 115.5)])
    drows.append((rest, "ROC", f"{km:.1f}", "illustrative", SEAT_SRC + " and (32.5N, 115.5E) for the rest of China"))
    drows.append(("ROC", rest, f"{km:.1f}", "illustrative", SEAT_SRC + " and (32.5N, 115.5E) for the rest of China"))
write("distances.csv", ["origin", "destination", "km", "status", "source"], drows)
print("wrote concordance.csv, indicators.csv, employment_indicators.csv, distances.csv")
