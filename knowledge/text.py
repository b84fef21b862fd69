"""Text normalisation for search: the same analyser runs on articles and questions.

Lower-case, strip accents and punctuation, fold a few multi-word phrases
("break out", "flare-up"), drop stop words, map synonyms and common
misspellings to one canonical term, and strip plural / -ing / -ed endings.
Deterministic and pure Python; deliberately crude — the corpus is a few dozen
short articles.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Dict, Iterable, List, Optional, Tuple

_TOKEN = re.compile(r"[a-z0-9]+")
_DIGIT_LETTER = re.compile(r"(?<=[0-9])(?=[a-z])|(?<=[a-z])(?=[0-9])")

# Multi-word phrases folded to one term before tokenising (order matters: longest first).
_PHRASES: Tuple[Tuple[str, str], ...] = (
    (r"\bgood\s+(?:morning|afternoon|evening|night|day)\b", " "),  # greetings, not "good sign"
    (r"\b(?:initial\s+)?(?:break|breaks|breaking|broke|broken)[\s-]*outs?\b", " flare "),
    (r"\bflare[\s-]*ups?\b", " flare "),
    (r"\bbirth[\s-]*control\b", " contraception "),
    (r"\bthe\s+pill\b", " contraception "),
    (r"\bnose[\s-]*bleeds?\b", " nosebleed "),
    (r"\bbloody\s+noses?\b", " nosebleed "),
    (r"\bhair[\s-]*removal\b", " wax "),
    (r"\b(?:work|working|works|worked)[\s-]*out\b", " exercise "),
    (r"\bskin[\s-]*care\b", " skincare "),
    (r"\bface[\s-]*wash\b", " cleanser "),
    (r"\bmake[\s-]*up\b", " makeup "),
    (r"\bhow\s+long\b", " duration "),
    (r"\bhow\s+come\b", " why "),
    (r"\b(?:lift|lifts|lifting)\s+weights?\b", " exercise "),
    (r"\bweight[\s-]*lifting\b", " exercise "),
    (r"\bhow\s+many\s+(?:people|patients|of\s+us)\b", " common "),
    (r"\b(?:go|goes|going)\s+away\b", " settle "),
    (r"\b(?:clear|clears|clearing|calm|calms|calming)\s+(?:up|down)\b", " settle "),
    (r"\bvitamin\s+a\b", " vitamin "),
    (r"\bblood\s*work\b", " blood test "),
    (r"\bmg\s*/\s*kg\b", " dose weight "),
)
_PHRASE_RES = tuple((re.compile(p), r) for p, r in _PHRASES)

_SYNONYM_GROUPS: Dict[str, Tuple[str, ...]] = {
    "isotretinoin": (
        "isotretinoin", "accutane", "roaccutane", "tane", "absorica", "claravis", "amnesteem", "zenatane",
        "myorisan", "epuris", "oratane", "isotret", "iso", "acutane", "accutaine", "accutan", "roacutane",
        "roaccutaine", "isotretinion", "isotretnoin", "isotretinon", "isotretinoine", "isotretinoina",
    ),
    "spot": ("spot", "spots", "pimple", "pimples", "zit", "zits", "blemish", "blemishes", "bump", "bumps",
             "pimpel", "pimpels", "spotz", "pustule", "pustules", "papule", "papules"),
    "comedone": ("comedone", "comedones", "blackhead", "blackheads", "whitehead", "whiteheads"),
    "flare": ("flare", "flares", "flared", "flaring", "flareup", "flareups", "breakout", "breakouts", "purge",
              "purges", "purged", "purging", "flair", "flairs", "brakeout", "brakeouts"),
    "worse": ("worse", "worsen", "worsens", "worsening", "worsened", "worst", "aggravate", "aggravated"),
    "dose": ("dose", "doses", "dosage", "dosages", "dosing", "mg", "milligram", "milligrams", "milligramme",
             "milligrammes", "capsule", "capsules", "tablet", "tablets", "pill", "pills"),
    "alcohol": ("alcohol", "alcoholic", "drink", "drinks", "drinking", "beer", "beers", "wine", "booze", "drunk",
                "vodka", "cocktail", "cocktails", "pint", "pints", "alchohol", "alcohal", "alcool"),
    "sun": ("sun", "sunlight", "sunny", "sunbathe", "sunbathing", "sunbed", "sunbeds", "tanning", "tan", "uv",
            "solarium", "sunburn", "sunburnt", "sunburned", "beach", "holiday", "holidays", "vacation"),
    "sunscreen": ("sunscreen", "sunscreens", "sunblock", "spf", "suncream"),
    "doctor": ("doctor", "doctors", "doc", "dermatologist", "derm", "gp", "prescriber", "physician", "dr",
               "dermatology", "clinic"),
    "pregnancy": ("pregnant", "pregnancy", "conceive", "conceiving", "baby", "babies", "pregnent", "pregant"),
    "contraception": ("contraception", "contraceptive", "contraceptives", "condom", "condoms", "iud", "ipledge"),
    "diet": ("diet", "diets", "eat", "eats", "eating", "ate", "nutrition"),
    "food": ("food", "foods", "meal", "meals", "breakfast", "lunch", "dinner", "snack"),
    "sugar": ("sugar", "sugary", "sweets", "sweet", "chocolate", "candy", "dessert", "desserts", "cake", "cakes",
              "soda", "glycaemic", "glycemic", "carbs", "carb"),
    "dairy": ("milk", "dairy", "cheese", "yogurt", "yoghurt", "whey"),
    "fat": ("fat", "fats", "fatty", "greasy", "fried", "junk"),
    "vitamin": ("vitamin", "vitamins", "supplement", "supplements", "multivitamin", "multivitamins", "retinol"),
    "exercise": ("exercise", "exercises", "exercising", "gym", "workout", "workouts", "sport", "sports",
                 "running", "run", "training", "lifting", "weightlifting", "jog", "jogging", "cardio", "excercise"),
    "wax": ("wax", "waxing", "waxed", "epilate", "epilating", "epilation", "threading", "wax"),
    "blood": ("blood", "bloodwork", "labs", "lab"),
    "test": ("test", "tests", "testing", "tested", "check", "checks", "checkup", "monitoring", "results"),
    "lipid": ("cholesterol", "triglyceride", "triglycerides", "lipid", "lipids"),
    "miss": ("miss", "missed", "missing", "forgot", "forget", "forgotten", "forgetting", "skip", "skipped",
             "skipping"),
    "dry": ("dry", "dryness", "drying", "dried", "chapped", "cracked", "cracking", "flaky", "flaking", "peeling"),
    "stress": ("stress", "stressed", "stressful", "anxious", "anxiety"),
    "sleep": ("sleep", "sleeping", "tired", "insomnia", "rest"),
    "common": ("common", "normal", "usual", "typical", "expected", "rate", "percentage", "percent", "chance",
               "chances", "everyone", "everybody"),
    "duration": ("duration", "lasts", "lasting", "last"),
    "settle": ("settle", "settles", "settling", "subside", "subsides", "fade", "fades", "improve", "improves"),
    "prevent": ("prevent", "prevents", "prevention", "preventing", "prevented", "avoidable"),
    "cause": ("cause", "causes", "caused", "causing", "reason", "reasons", "mechanism"),
    "work": ("work", "works", "working", "worked"),
    "mean": ("mean", "means", "meaning", "sign", "signs", "indicate", "indicates"),
    "severe": ("severe", "serious", "terrible", "awful", "horrible", "extreme", "massive", "huge", "severely"),
    "cyst": ("cyst", "cysts", "cystic", "nodule", "nodules", "nodular", "lump", "lumps", "boil", "boils"),
    "fever": ("fever", "temperature", "feverish", "fevers"),
    "pain": ("pain", "pains", "ache", "aches", "aching", "achy", "painful", "sore", "hurt", "hurts", "hurting"),
    "bleed": ("bleed", "bleeding", "bled", "crust", "crusty", "crusted", "crusting", "ooze", "oozing", "ulcer",
              "ulcers", "ulcerated", "weeping", "scab", "scabs", "open"),
    "skincare": ("skincare", "routine"),
    "cleanser": ("cleanser", "cleansers", "cleansing", "wash", "washing", "soap"),
    "moisturiser": ("moisturiser", "moisturisers", "moisturizer", "moisturizers", "moisturising", "moisturizing",
                    "moisturise", "moisturize", "cream", "creams", "lotion", "lotions", "emollient"),
    "pick": ("pick", "picking", "squeeze", "squeezing", "pop", "popping", "pops"),
    "scrub": ("scrub", "scrubs", "exfoliate", "exfoliating", "exfoliant", "exfoliation"),
    "nosebleed": ("nosebleed", "nosebleeds"),
    "worry": ("worry", "worries", "worried", "worrying", "scared", "scary", "afraid", "concerned", "concern",
              "frightened", "panic", "panicking"),
    "lifestyle": ("lifestyle", "lifestyles", "habit", "habits"),
    "brand": ("brand", "brands", "generic", "generics", "version", "versions", "manufacturer"),
    "name": ("name", "names", "called"),
    "take": ("take", "takes", "taking", "took", "taken"),
    "use": ("use", "uses", "using", "used"),
    "feel": ("feel", "feels", "feeling", "felt"),
    "start": ("start", "starts", "starting", "started", "begin", "begins", "beginning", "began", "initial"),
    "stop": ("stop", "stops", "stopped", "quit", "finish", "finished", "finishing", "end", "ends"),
    "lip": ("lip", "lips", "chapstick", "balm"),
    "medicine": ("medicine", "medicines", "medication", "medications", "meds", "med", "drug", "drugs",
                 "treatment", "treatments", "medecine"),
}

SYNONYMS: Dict[str, str] = {variant: canon for canon, variants in _SYNONYM_GROUPS.items() for variant in variants}

STOPWORDS = frozenset(
    """
    a an the i me my mine myself you your yours yourself we us our ours it its itself he she they them their
    is am are was were be been being do does did doing done have has had having to of in on at by for from
    with about as into than then so and or but if that this these those there here what which who whom whose
    where how can could should would will shall may might must just really very also too any some get got
    getting gets im ive id ill s t don doesn didn isn aren wasn won m re ve ll d like please tell know want
    ok okay hi hello hey thanks thank still much lot lots bit kind sort thing things anything something stuff
    gonna wanna u ur r pls plz dont cant wont isnt doesnt didnt go going gone went no not yes yeah all each
    now while during again ever say says said dear am also other let lets such make makes made making more
    need needs keep keeps kept help helps helping helpful
    """.split()
)


def normalise(text: str) -> str:
    """Lower-case, strip accents, straighten quotes and fold the known phrases."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'")
    text = _DIGIT_LETTER.sub(" ", text)
    for pattern, replacement in _PHRASE_RES:
        text = pattern.sub(replacement, text)
    return text


def stem(token: str) -> str:
    """Crude suffix stripping: plurals, -ing, -ed, final -e."""
    if len(token) <= 3 or token.isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        token = token[:-3] + "y"
    elif token.endswith("sses"):
        token = token[:-2]
    elif token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    for suffix, min_len in (("ing", 6), ("ed", 5)):
        if token.endswith(suffix) and len(token) >= min_len:
            token = token[: -len(suffix)]
            if len(token) > 2 and token[-1] == token[-2] and token[-1] not in "lsz":
                token = token[:-1]
            break
    if token.endswith("e") and len(token) > 4:
        token = token[:-1]
    return token


def canonical(token: str) -> Optional[str]:
    """The index term for one raw token, or None for a stop word."""
    if token in STOPWORDS:
        return None
    if token in SYNONYMS:
        return SYNONYMS[token]
    stemmed = stem(token)
    return _STEMMED_SYNONYMS.get(stemmed, stemmed)


_STEMMED_SYNONYMS: Dict[str, str] = {}
for _variant, _canon in SYNONYMS.items():
    _STEMMED_SYNONYMS.setdefault(stem(_variant), _canon)
_STEMMED_SYNONYMS.update({canon: canon for canon in _SYNONYM_GROUPS})


def analyse_pairs(text: str) -> List[Tuple[str, str]]:
    """(raw token, index term) for every non-stop-word token of ``text``."""
    pairs: List[Tuple[str, str]] = []
    for raw in _TOKEN.findall(normalise(text)):
        term = canonical(raw)
        if term:
            pairs.append((raw, term))
    return pairs


def analyse(text: str) -> List[str]:
    """Index terms of ``text`` in order (with repeats)."""
    return [term for _raw, term in analyse_pairs(text)]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: List[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def fuzzy_term(raw: str, surfaces: Dict[str, str], known_terms: Iterable[str]) -> Optional[str]:
    """Best index term for a misspelt raw token (same first letter; 1 edit, 2 for long words)."""
    if len(raw) < 6 or raw.isdigit():
        return None
    limit = 1 if len(raw) < 9 else 2
    known = set(known_terms)
    best: Optional[Tuple[int, str, str]] = None
    for surface, term in surfaces.items():
        if surface[0] != raw[0] or term not in known or abs(len(surface) - len(raw)) > limit:
            continue
        d = edit_distance(raw, surface, limit)
        if d <= limit and (best is None or (d, surface) < best[:2]):
            best = (d, surface, term)
    return best[2] if best else None
