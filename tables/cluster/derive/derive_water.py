#!/usr/bin/env python3
"""Derive the water satellite of tables/cluster/ from ../shared/data/guanzhong_water (run from
the repo root: `python3 tables/cluster/derive/derive_water.py [SHARED_DIR]`).

Writes, next to recipe.toml:
  water_indicators.csv   region,sector,value,status,source   withdrawal 2017, m3 (the build turns
                         it into m3 per 10k CNY of output, and fills the rest region)
  limits.csv             region,indicator,cap,status,source  default caps (additional m3 allowed)
  water_totals.csv       region,year,production_m3,household_m3,status,source  the city totals
                         the satellite must reproduce (read by tests/shared_water.rs)

Method (documented in tables/cluster/README.md, "Water"):
  1. NLWUD (Zhou et al. 2020, PNAS 117(13) 7702-7711, doi 10.1073/pnas.1909902117; prefecture
     level, via SongshGeo/Yellow-River-Governance-Data@5fcac93) city water use 2013 (the last
     year) by use: irrigation IRR, industry IND, urban services, livestock, urban and rural
     domestic.
  2. Each use is carried to 2017 with the change 2013 -> 2017 of the same use in the Yellow River
     Water Resources Bulletin for the city's province (basin part; surface + ground withdrawal):
     irrigation, livestock (林牧渔畜), industry, cities (城镇公共) and domestic.
  3. Sectors: agri = irrigation + livestock; industry = IND split over the table's industrial
     sectors in proportion to VA x the city's NLWUD 2013 water-use intensity of the matching
     subsector(s) (the NBS 42 codes of each table sector mapped to NLWUD subsectors, weighted by
     national VA); constr and services = urban service use split by VA (construction water is
     part of 城镇公共 in the bulletins). Domestic use belongs to households, not to output: it is
     reported in water_totals.csv and left out of the satellite.
  4. Regions without NLWUD data: Yangling (a district of Xianyang, inside Xianyang's NLWUD
     figures) uses Xianyang's water per unit of VA, sector by sector (illustrative); any other
     listed region the cluster average water per unit of VA (illustrative).
The raw data are not copied: only these derived coefficients' inputs are written.
Plain Python, no dependencies; deterministic output.
"""
import csv, os, sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MRIO_SHARED", "../shared")
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W = os.path.join(SHARED, "data", "guanzhong_water")
GZ = os.path.join(SHARED, "data", "guanzhong_cities")
NBS = os.path.join(SHARED, "data", "china_nbs_42", "2017")
BASE, YEAR = "2013", "2017"
NLWUD = ("NLWUD (Zhou et al. 2020 PNAS doi:10.1073/pnas.1909902117) prefecture water use 2013 via "
         "SongshGeo/Yellow-River-Governance-Data@5fcac93 (guanzhong_water/nlwud_guanzhong_cities_1965_2013.csv)")
YRB = ("Yellow River Water Resources Bulletin {p} (basin part) {u} 2013->2017 x{f:.4f} "
       "(guanzhong_water/yrb_bulletin_shaanxi_shanxi_gansu_withdrawal_surface_plus_ground_2003_2017.csv)")

# NLWUD city ids -> region codes of the recipe. The names are inferred in SOURCE.txt; checks
# printed below (ids alphabetical within province, population, Baoji's area and basin share).
CITY = {"C265": "XIAN", "C266": "XIANYANG", "C260": "BAOJI", "C263": "TONGCHUAN", "C264": "WEINAN",
        "C262": "SHANGLUO", "C258": "YUNCHENG", "C251": "LINFEN", "C38": "TIANSHUI",
        "C36": "PINGLIANG", "C37": "QINGYANG"}
NAME = {"XIAN": "Xi'an", "XIANYANG": "Xianyang", "BAOJI": "Baoji", "TONGCHUAN": "Tongchuan",
        "WEINAN": "Weinan", "SHANGLUO": "Shangluo", "YUNCHENG": "Yuncheng", "LINFEN": "Linfen",
        "TIANSHUI": "Tianshui", "PINGLIANG": "Pingliang", "QINGYANG": "Qingyang"}
PARENT = {"YANGLING": "XIANYANG"}
# NBS 42 code -> NLWUD industrial subsector (None: not industry).
SUB = {"02": "Mining", "03": "Mining", "04": "Mining", "05": "Mining", "06": "Food",
       "07": "Textile", "08": "Textile", "09": "Others", "10": "Papermaking",
       "11": "Petrochemicals", "12": "Petrochemicals", "13": "Cements", "14": "Metallurgy",
       "15": "Metallurgy", "16": "Machinery", "17": "Machinery", "18": "Machinery",
       "19": "Machinery", "20": "Electronics", "21": "Machinery", "22": "Others", "23": "Machinery",
       "24": "Thermal electrivity", "25": "Others", "26": "Others"}


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write(name, header, body):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)


KM3 = 1e9  # m3 per km3
nl = {r["City_ID"]: r for r in rows(os.path.join(W, "nlwud_guanzhong_cities_1965_2013.csv"))
      if r["Year"] == BASE}
yrb = {(r["Year"], r["Province_en"]): r for r in rows(os.path.join(
    W, "yrb_bulletin_shaanxi_shanxi_gansu_withdrawal_surface_plus_ground_2003_2017.csv"))}
cities = {r["city"]: r for r in rows(os.path.join(GZ, "cities.csv"))}


def growth(prov, use):
    return float(yrb[(YEAR, prov)][use]) / float(yrb[(BASE, prov)][use])


# ---- name checks (printed; summarised in README) -------------------------------------
print("NLWUD name check: id, inferred name, area km2, NLWUD pop 2013 (M), resident pop 2017 (M)")
for cid, code in CITY.items():
    r = nl[cid]
    pop = float(r["Urban population"]) + float(r["Rural population"])
    p17 = cities[NAME[code]]["population_10k"]
    print(f"  {cid:5} {NAME[code]:10} {float(r['Area_calcu']):9.0f} {pop:6.2f} "
          f"{float(p17) / 100 if p17 else float('nan'):6.2f}")

# ---- table sectors and their NBS codes ------------------------------------------------
conc = rows(os.path.join(HERE, "concordance.csv"))
codes = {}
for r in conc:
    codes.setdefault(r["to"], []).append(r["from"])
# The build splits `transeq` (NBS 18) into `auto` and `aero` ([[sector_split]] in the
# recipe); both parts take NBS 18's subsector for the water-use intensity.
for part in ("auto", "aero"):
    codes[part] = codes["transeq"]
del codes["transeq"]
nbs_va = {}
for r in rows(os.path.join(NBS, "VA.csv")):
    if r["component"].startswith("IMP_INT"):
        continue
    for c, v in r.items():
        if c != "component":
            nbs_va[c] = nbs_va.get(c, 0.0) + float(v)


def kind(sector):
    cs = codes[sector]
    if cs == ["01"]:
        return "agri"
    if all(c in SUB for c in cs):
        return "industry"
    if all(c not in SUB and c != "01" for c in cs):
        return "services"
    raise SystemExit(f"sector {sector} mixes agriculture, industry and services: {cs}")


va = {}
for r in rows(os.path.join(HERE, "indicators.csv")):
    va.setdefault(r["region"], {})[r["sector"]] = float(r["value"])
regions = list(va)
sectors = list(va[regions[0]])  # the order of indicators.csv (the built table's order)


def intensity(city, sector):
    """NLWUD 2013 industrial water-use intensity of the sector (m3 per yuan of GVA), the
    subsectors of its NBS codes weighted by national VA."""
    num = den = 0.0
    for c in codes[sector]:
        s = SUB[c]
        num += nbs_va[c] * float(city["Industrial WUI: " + s])
        den += nbs_va[c]
    return num / den


out, totals, per_va = [], [], {}
for cid, code in CITY.items():
    r = nl[cid]
    prov = r["Province_n"]
    g = {u: growth(prov, u) for u in ("Irrigation", "Livestock", "Industry", "Cities", "Domestic")}
    irr = float(r["IRR"]) * KM3 * g["Irrigation"]
    live = float(r["Rural livestock WU"]) * KM3 * g["Livestock"]
    ind = float(r["IND"]) * KM3 * g["Industry"]
    svc = float(r["Urban service WU"]) * KM3 * g["Cities"]
    dom = (float(r["Urban domestic WU"]) + float(r["Rural domestic WU"])) * KM3 * g["Domestic"]
    v = va[code]
    ind_w = {s: v[s] * intensity(r, s) for s in sectors if kind(s) == "industry"}
    svc_w = {s: v[s] for s in sectors if kind(s) == "services"}
    vals = {}
    for s in sectors:
        k = kind(s)
        if k == "agri":
            vals[s] = irr + live
            src = (f"irrigation + livestock: {NLWUD}; "
                   + YRB.format(p=prov, u="irrigation", f=g["Irrigation"]) + "; livestock x"
                   + f"{g['Livestock']:.4f}")
            st = "derived"
        elif k == "industry":
            vals[s] = ind * ind_w[s] / sum(ind_w.values())
            src = (f"industrial use: {NLWUD}; " + YRB.format(p=prov, u="industry", f=g["Industry"])
                   + "; split over industrial sectors by VA x NLWUD subsector intensity "
                   + "(VA split illustrative, indicators.csv)")
            st = "illustrative"
        else:
            vals[s] = svc * svc_w[s] / sum(svc_w.values())
            src = (f"urban service use: {NLWUD}; " + YRB.format(p=prov, u="cities (城镇公共)", f=g["Cities"])
                   + "; split over construction and services by VA (assumption)")
            st = "illustrative"
        out.append((code, s, f"{vals[s]:.1f}", st, src))
    per_va[code] = {s: vals[s] / v[s] if v[s] > 0 else 0.0 for s in sectors}
    totals.append((code, YEAR, f"{sum(vals.values()):.1f}", f"{dom:.1f}", "derived",
                   f"{NLWUD}, each use x its provincial basin change 2013->2017 (Yellow River "
                   "Water Resources Bulletin); production = irrigation + livestock + industry + urban services"))

avg = {}
for s in sectors:
    w = sum(per_va[c][s] * va[c][s] for c in per_va)
    avg[s] = w / sum(va[c][s] for c in per_va)
for code in regions:
    if code in per_va:
        continue
    base = PARENT.get(code)
    for s in sectors:
        k = per_va[base][s] if base else avg[s]
        src = (f"{NAME[base]}'s water per unit of VA (it lies inside {NAME[base]}'s NLWUD figures) "
               "x VA (assumption)" if base else "cluster average water per unit of VA x VA (assumption)")
        out.append((code, s, f"{k * va[code][s]:.1f}", "illustrative", src))
out.sort(key=lambda r: (regions.index(r[0]), sectors.index(r[1])))
write("water_indicators.csv", ["region", "sector", "value", "status", "source"], out)
write("water_totals.csv", ["region", "year", "production_m3", "household_m3", "status", "source"], totals)

# ---- default caps ---------------------------------------------------------------------
# Xianyang: supply capacity of its water works 15.2e8 m3 (何必银 2021, 地下水 2021(5), "咸阳市水资源
# 开发利用现状及远期节水潜力分析", section 1.1, stored page www.handmsg.com/page/2021/1110/20266119.shtml).
# Cap = capacity minus 2017 use (production + domestic).
caps = []
xy = next(t for t in totals if t[0] == "XIANYANG")
used = float(xy[2]) + float(xy[3])
caps.append(("XIANYANG", "water", f"{15.2e8 - used:.0f}", "derived",
             "supply capacity of Xianyang's water works 15.2e8 m3 (He Biyin 2021, Groundwater 2021(5), "
             "sec. 1.1; www.handmsg.com/page/2021/1110/20266119.shtml) minus derived 2017 use "
             f"{used:.0f} m3 (water_totals.csv)"))
write("limits.csv", ["region", "indicator", "cap", "status", "source"], caps)

# ---- checks ---------------------------------------------------------------------------
for t in totals:
    print(f"  {t[0]:10} production {float(t[2]) / 1e8:6.2f} e8 m3, households {float(t[3]) / 1e8:5.2f} e8 m3")
for name, code in (("Baoji", "BAOJI"), ("Shangluo", "SHANGLUO")):
    facts = {r["indicator_en"]: float(r["value"]) for r in rows(os.path.join(W, "bulletin_facts.csv"))
             if r["area"] == name}
    t = next(t for t in totals if t[0] == code)
    print(f"  {name}: derived 2017 total {(float(t[2]) + float(t[3])) / 1e4:.0f} vs bulletin 2019 "
          f"{facts['Total water use']:.0f} (10^4 m3)")
