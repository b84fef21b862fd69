"""Text normalisation for search: the same analyser runs on articles and questions.

Lower-case, strip accents and punctuation, expand "won't"/"can't"/"-n't", fold
multi-word phrases ("break out", "flare-up", "good sign", "with a meal"), drop
stop words, map synonyms and common misspellings to one canonical term, and
strip plural / -ing / -ed / -ly endings. ``FUNCTION_WORDS`` and ``SCENE_WORDS``
list words that search does not count as unknown (see ``knowledge.search``).
Deterministic and pure Python; deliberately crude — the corpus is a few dozen
short articles.

A synonym group holds words that mean the same *for choosing an article*: with 61
topics, a fold that merges two things the topics tell apart (a chemical peel and
peeling skin, a holiday and the sun, a capsule and a dose, finishing the course and
stopping it early) sends questions to the wrong article, and since the articles run
through the same analyser it also blurs what they are indexed under.
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
    (r"\bppl\b", " people "),
    # "good" and "bad" are everyday words; as a verdict on the flare they mean "sign".
    (r"\b(?:good|bad|positive|negative)\s+(?:or\s+(?:a\s+)?(?:good|bad)\s+)?(?:sign|signs|thing|things|news|omen|omens)\b", " sign "),
    (r"\b(?:most|other|lots\s+of|a\s+lot\s+of|many)\s+(?:people|patients|of\s+us)\b", " common "),
    (r"\bto\s+not\b", " to prevent "),
    (r"\b(?:cut|cuts|cutting)\s+(?:out|down|back)(?:\s+on)?\b", " avoid "),
    (r"\b(?:with|without)\s+(?:a\s+)?(?:meal|meals|food|breakfast|lunch|dinner|fatty\s+food)\b", " withfood "),
    (r"\b(?:an\s+|on\s+an\s+)?empty\s+stomach\b", " withfood "),
    (r"\b(?:kick|kicks|kicked|kicking)\s+in\b", " start "),
    # "My cholesterol came back high" is a test result, not acne returning.
    (r"\b(?:come|comes|coming|came)\s+back\b(?!\s+(?:high|low|normal|raised|elevated|fine|ok|okay|clear|positive|negative|abnormal)\b)", " relapse "),
    (r"\b(?:come|comes|coming|came|get|getting|got)\s+off\b", " stop "),
    (r"\bnose\s+(?:keeps?\s+|is\s+|has\s+been\s+|started\s+)?(?:bleed|bleeds|bleeding|bled)\b", " nosebleed "),
    # Patients' slang for the dry, red face and the cracked lips of a course ("my accutane face").
    (r"\b(?:accutane|roaccutane|roacc|tane|iso|isotretinoin)\s+face\b(?![\s-]*(?:wash|cream|mask))", " isotretinoin dry skin "),
    (r"\b(?:accutane|roaccutane|roacc|tane|iso|isotretinoin)\s+lips?\b", " isotretinoin dry lip "),
    (r"\bhow\s+(?:do|can|could|should|would)\s+(?:i|you|we|people)\s+not\b", " prevent "),
    (r"\b(?:be|is|are)\s+over\b", " end "),
    (r"^\s*y\s+(?=(?:do|does|did|is|am|are|would|will)\b)", " why "),
    (r"\b(?:initial\s+)?(?:break|breaks|breaking|broke|broken)[\s-]*outs?\b", " flare "),
    (r"\bflare[\s-]*ups?\b", " flare "),
    (r"\bbirth[\s-]*control\b", " contraception "),
    (r"\bbreast[\s-]*milk\b", " breastmilk "),  # not "milk" (dairy, the diet article)
    (r"\bi[\s-]+pledge\b", " ipledge "),
    (r"\b(?:blood\s+fats?|fats?\s+in\s+(?:the|my|your)\s+blood)\b", " lipid "),  # not "fat" (diet, food)
    # A fever is "a/high temperature"; "room temperature" is how capsules are stored.
    (r"\b(?:a|high|have|has|had|got|running)\s+(?:a\s+)?(?:high\s+)?temperature\b", " fever "),
    # "Trying for a baby" is about pregnancy; "my baby" alone may be a breastfed one.
    (r"\b(?:try|tries|trying|tried|plan|planning|want|wanting)\s+(?:for\s+|to\s+have\s+)?(?:a\s+)?(?:baby|babies)\b", " pregnancy "),
    (r"\breturn(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?to\s+(?:the\s+|a\s+|your\s+)?(?:pharmacy|pharmacist|chemist)\b", " dispose pharmacy "),
    (r"\bthe\s+pill\b", " contraception "),
    (r"\bnose[\s-]*bleeds?\b", " nosebleed "),
    (r"\bbloody\s+noses?\b", " nosebleed "),
    (r"\blaser\s+hair[\s-]*removal\b", " laser "),
    (r"\bhair[\s-]*removal\b", " wax "),
    # "Work out" is exercise, except where it means calculate: "how is my dose worked out",
    # "work out my total dose", "your prescriber works out your dose".
    (r"\b(?:i|we|you|they|he|she|just|have|has|had|ive)\s+worked\s+out\b", " exercise "),
    (r"\bworked\s+out\b", " calculate "),
    (r"\b(?:work|works|working)\s+out\s+(?=(?:my|the|your|his|her|their|our|how|what|which|if|whether|when)\b)", " calculate "),
    (r"\b(?:work|working|works|worked)[\s-]*out\b", " exercise "),
    (r"\bskin[\s-]*care\b", " skincare "),
    (r"\bface[\s-]*wash\b", " cleanser "),
    (r"\bmake-up\b", " makeup "),
    # "Make up for a missed dose" is not makeup.
    (r"\bmake\s+up\b(?!\s+(?:for|the|a|an|it|missed|lost|doses?)\b)", " makeup "),
    (r"\bhow\s+long\b", " duration "),
    (r"\bhow\s+come\b", " why "),
    (r"\b(?:lift|lifts|lifting)\s+weights?\b", " exercise "),
    (r"\bweight[\s-]*lifting\b", " exercise "),
    (r"\bhow\s+many\s+(?:people|patients|of\s+us)\b", " common "),
    (r"\b(?:go|goes|going)\s+away\b", " settle "),
    (r"\b(?:clear|clears|clearing|calm|calms|calming)\s+(?:up|down)\b", " settle "),
    (r"\bvitamin\s+a\b", " vitamin "),
    # Other vitamins are not what the articles warn about: keep them apart from "vitamin (A)".
    (r"\bvitamins?\s+(?:b\d{0,2}|c|d\d?|e|k\d?)\b", " othervitamin "),
    (r"\bdrugs?\s+(?:test|tests|testing|screen|screens|screening)\b", " drugscreen "),
    (r"\b(?:a|one|two|a\s+couple|couple)\s+(?:glass|glasses|bottle|bottles|pint|pints|cup|cups|can|cans)\s+of\b", " "),
    (r"\bworse\s+before\s+(?:it\s+gets\s+|getting\s+|you\s+get\s+)?better\b", " worse "),
    (r"\b(?:look|looks|looking|take|taking|took)\s+(?:after|care\s+of)\b", " skincare "),
    (r"\bhow\s+(?:much|many)\s+(?:mg|milligrams?|capsules?|pills?|tablets?|isotretinoin|accutane|roaccutane|tane|medicine|medication)\b", " dose "),
    (r"\bhow\s+much\s+(?:should|do|can|must|will)\s+(?:i|you)\s+(?:be\s+)?(?:take|taking|have|having)\b", " dose "),
    (r"\bblood\s*work\b", " blood test "),
    (r"\bmg\s*/\s*kg\b", " dose weight "),
)
_PHRASE_RES = tuple((re.compile(p), r) for p, r in _PHRASES)
_WONT = re.compile(r"\bwon'?t\b")  # before stop words: "won" alone is a real word ("who won the match")
_CANT = re.compile(r"\bcan'?t\b")
_NT = re.compile(r"n't\b")

_SYNONYM_GROUPS: Dict[str, Tuple[str, ...]] = {
    "isotretinoin": (
        "isotretinoin", "accutane", "roaccutane", "tane", "absorica", "claravis", "amnesteem", "zenatane",
        "myorisan", "epuris", "oratane", "isotret", "iso", "acutane", "accutaine", "accutan", "roacutane",
        "roaccutaine", "isotretinion", "isotretnoin", "isotretinon", "isotretinoine", "isotretinoina",
        "roacc", "roaccu", "accu", "roaccutan", "roacutan",
    ),
    "spot": ("spot", "spots", "pimple", "pimples", "zit", "zits", "blemish", "blemishes", "bump", "bumps",
             "pimpel", "pimpels", "spotz", "pustule", "pustules", "papule", "papules"),
    "comedone": ("comedone", "comedones", "blackhead", "blackheads", "whitehead", "whiteheads"),
    # "ib": the initial breakout. Not "ibs" (irritable bowel syndrome), which stays its own word.
    "flare": ("flare", "flares", "flared", "flaring", "flareup", "flareups", "breakout", "breakouts", "purge",
              "purges", "purged", "purging", "flair", "flairs", "brakeout", "brakeouts", "ib"),
    "worse": ("worse", "worsen", "worsens", "worsening", "worsened", "worst", "aggravate", "aggravated"),
    "dose": ("dose", "doses", "dosage", "dosages", "dosing", "mg", "milligram", "milligrams", "milligramme",
             "milligrammes"),
    # The capsule itself (stored, shared, packed, swallowed), not how much of it: not "dose".
    "capsule": ("capsule", "capsules", "tablet", "tablets", "pill", "pills"),
    "alcohol": ("alcohol", "alcoholic", "drink", "drinks", "drinking", "beer", "beers", "wine", "booze", "drunk",
                "vodka", "cocktail", "cocktails", "pint", "pints", "alchohol", "alcohal", "alcool"),
    "sun": ("sun", "sunlight", "sunny", "sunbathe", "sunbathing", "sunbed", "sunbeds", "tanning", "tan", "uv",
            "solarium", "sunburn", "sunburnt", "sunburned", "beach"),  # a holiday is travel, not always sun
    "sunscreen": ("sunscreen", "sunscreens", "sunblock", "spf", "suncream"),
    "doctor": ("doctor", "doctors", "doc", "dermatologist", "derm", "gp", "prescriber", "physician", "dr",
               "dermatology", "clinic"),
    "pregnancy": ("pregnant", "pregnancy", "conceive", "conceiving", "pregnent", "pregant"),
    # iPLEDGE is the US pregnancy prevention programme (its own article), not a contraceptive.
    "contraception": ("contraception", "contraceptive", "contraceptives", "condom", "condoms", "iud"),
    "diet": ("diet", "diets", "eat", "eats", "eating", "ate", "nutrition"),
    "food": ("food", "foods", "meal", "meals", "breakfast", "lunch", "dinner", "snack"),
    "sugar": ("sugar", "sugary", "sweets", "sweet", "chocolate", "candy", "dessert", "desserts", "cake", "cakes",
              "soda", "glycaemic", "glycemic", "carbs", "carb"),
    "dairy": ("milk", "dairy", "cheese", "yogurt", "yoghurt", "whey"),
    "fat": ("fat", "fats", "fatty", "greasy", "fried", "junk"),
    # Not "retinol": patients mostly mean a retinol cream or serum (topical treatments, after-course care).
    "vitamin": ("vitamin", "vitamins", "supplement", "supplements", "multivitamin", "multivitamins"),
    "exercise": ("exercise", "exercises", "exercising", "gym", "workout", "workouts", "sport", "sports",
                 "running", "run", "training", "lifting", "weightlifting", "jog", "jogging", "cardio", "excercise",
                 "football", "soccer", "rugby", "tennis", "basketball", "netball", "hockey", "cricket", "swimming",
                 "swim", "cycling", "yoga", "pilates", "hiking", "climbing", "boxing", "dancing", "marathon",
                 "marathons", "race", "races", "triathlon"),
    "wax": ("wax", "waxing", "waxed", "epilate", "epilating", "epilation", "threading", "wax"),
    "blood": ("blood", "bloodwork", "labs", "lab"),
    # Not "results": "when will I see results" asks about the treatment working, not blood tests.
    "test": ("test", "tests", "testing", "tested", "check", "checks", "checkup", "monitoring"),
    "lipid": ("cholesterol", "triglyceride", "triglycerides", "lipid", "lipids"),
    "miss": ("miss", "missed", "missing", "forgot", "forget", "forgotten", "forgetting", "skip", "skipped",
             "skipping"),
    "dry": ("dry", "dryness", "drying", "dried", "chapped", "cracked", "cracking", "flaky", "flaking", "peeling"),
    "stress": ("stress", "stressed", "stressful", "anxious", "anxiety"),
    "sleep": ("sleep", "sleeping", "tired", "insomnia", "rest"),
    "common": ("common", "normal", "usual", "typical", "expected", "rate", "percentage", "percent", "chance",
               "likely", "likelihood", "odds",
               "chances", "everyone", "everybody"),
    "duration": ("duration", "lasts", "lasting", "last"),
    "settle": ("settle", "settles", "settling", "subside", "subsides", "fade", "fades", "improve", "improves"),
    "prevent": ("prevent", "prevents", "prevention", "preventing", "prevented", "avoidable"),
    "cause": ("cause", "causes", "caused", "causing", "reason", "reasons", "mechanism"),
    "work": ("work", "works", "working", "worked"),
    "mean": ("mean", "means", "meaning", "sign", "signs", "indicate", "indicates"),
    "severe": ("severe", "serious", "terrible", "awful", "horrible", "extreme", "massive", "huge", "severely"),
    "cyst": ("cyst", "cysts", "cystic", "nodule", "nodules", "nodular", "lump", "lumps", "boil", "boils"),
    "fever": ("fever", "feverish", "fevers"),
    "pain": ("pain", "pains", "ache", "aches", "aching", "achy", "painful", "sore", "hurt", "hurts", "hurting"),
    "bleed": ("bleed", "bleeding", "bled", "crust", "crusty", "crusted", "crusting", "ooze", "oozing", "ulcer",
              "ulcers", "ulcerated", "weeping", "scab", "scabs", "open"),
    "skincare": ("skincare", "routine"),
    "cleanser": ("cleanser", "cleansers", "cleansing", "wash", "washing", "soap"),
    "moisturiser": ("moisturiser", "moisturisers", "moisturizer", "moisturizers", "moisturising", "moisturizing",
                    "moisturise", "moisturize", "cream", "creams", "lotion", "lotions", "emollient"),
    "pick": ("pick", "picking", "squeeze", "squeezing", "pop", "popping", "pops"),
    "scrub": ("scrub", "scrubs", "exfoliate", "exfoliating", "exfoliant", "exfoliants", "exfoliation",
              "salicylic", "glycolic", "mandelic", "aha", "bha"),  # acid exfoliants
    "nosebleed": ("nosebleed", "nosebleeds"),
    "worry": ("worry", "worries", "worried", "worrying", "scared", "scary", "afraid", "concerned", "concern",
              "frightened", "panic", "panicking"),
    "lifestyle": ("lifestyle", "lifestyles", "habit", "habits", "healthy", "health", "wellbeing"),
    "brand": ("brand", "brands", "generic", "generics", "version", "versions", "manufacturer"),
    "name": ("name", "names", "called"),
    "take": ("take", "takes", "taking", "took", "taken"),
    "use": ("use", "uses", "using", "used"),
    "feel": ("feel", "feels", "feeling", "felt"),
    "start": ("start", "starts", "starting", "started", "begin", "begins", "beginning", "began", "initial"),
    # Not "finish": finishing the course (relapse, after-course care) is not stopping it early.
    "stop": ("stop", "stops", "stopped", "quit", "end", "ends"),
    "finish": ("finish", "finished", "finishes", "finishing", "complete", "completed", "completing"),
    "lip": ("lip", "lips", "chapstick", "balm"),
    "relapse": ("relapse", "relapses", "relapsed", "return", "returns", "returned", "returning", "comeback"),
    "donate": ("donate", "donates", "donating", "donated", "donation", "donations", "donor", "donors"),
    "allergy": ("allergy", "allergies", "allergic", "allergen"),
    "calculate": ("calculate", "calculates", "calculated", "calculating", "calculation", "calculations"),
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
    getting gets im ive id ill s t don doesn didn isn aren wasn m re ve ll d like please tell know want
    ok okay hi hello hey thanks thank still much lot lots bit kind sort thing things anything something stuff
    gonna wanna u ur r pls plz dont cant wont isnt doesnt didnt go going gone went no not yes yeah all each
    now while during again ever say says said dear am also other let lets such make makes made making more
    need needs keep keeps kept help helps helping helpful
    whats thats actually basically literally honestly probably maybe perhaps till until enough usually normally
    time times today tonight tomorrow advice tip tips question questions wondering wonder anyone someone somebody
    anybody guys lol omg way good bad better best look looks looking looked
    friend friends mum mom mother dad father sister brother boyfriend girlfriend partner husband wife colleague
    """.split()
)


# Everyday words that say nothing about what a question is about. They are still indexed and
# matched like any word; but when the articles never use one, search does not count it as an
# unknown, specific word of the question (see ``knowledge.search``): "why do I have more
# whiteheads *than before*" is not less answerable than "why do I have more whiteheads".
FUNCTION_WORDS = frozenset(
    """
    above across after afterwards against ago ahead along already although always among another anyhow
    anyway anywhere around away back because become becomes before behind below beside besides better
    between beyond big bit both came come comes coming could down either else elsewhere even every everyone
    everywhere except far few fine first follow following further gave give given gives giving happen
    happened happening happens however hundred instead last later least less little look looked looking
    looks lot many mean meant might mine most mostly much near nearly never new next nobody none nor
    nothing nowhere off often old once one only onto otherwise out over own per put quite rather right
    same see seem seemed seems seen several since soon sometimes somewhere sure take than though through
    throughout thus together toward towards true try tried trying twice under unless unlike up upon use
    used usual via want wanted well went whatever whenever whereas wherever whether whole whose why within
    without worth wrong yet ask asked asking call called find found give told think thought guess wonder
    altogether completely totally entirely play playing plays
    explain crazy online internet google reddit tiktok youtube forum forums heard hear read average supposed watch
    point idea oops limit limits couple mess messing recommend recommended suggest suggested cope coping deal
    dealing handle manage real honest weird strange kinda sorta pretty super show shows
    decide decides decided decision possible impossible matter matters type types kind kinds sort sorts
    """.split()
)


# Words that set the scene of a question without changing what it is about: body parts, people,
# places, days and occasions, and everyday sizes. Not "child"/"kid": a question about a child's
# medicine or sleep is about another patient ("is ibuprofen safe for kids"), which no article covers. Like FUNCTION_WORDS, they are not counted as
# unknown specific words when no article uses them ("can I wax my *legs*", "going out *friday*").
SCENE_WORDS = frozenset(
    """
    face forehead cheek cheeks chin jaw nose neck chest back shoulder shoulders arm arms leg legs hand hands
    foot feet body head hair scalp eye eyes ear ears mouth belly stomach tummy bum thigh thighs
    armpit armpits underarm underarms bikini
    friend friends mum mom mother dad father parent parents sister brother partner boyfriend girlfriend
    husband wife son daughter family people person everyone colleague
    home school college uni university work job office class
    morning afternoon evening night nights day days week weeks weekend month months year years
    monday tuesday wednesday thursday friday saturday sunday yesterday
    birthday wedding party holiday trip date prom winter summer spring autumn season
    high low small tiny big large lot few
    """.split()
)


_WORD = re.compile(r"[A-Za-z]+")


def one_medicine_name(text: str) -> str:
    """``text`` with every name of the medicine (``SYNONYMS``: brands, slang, misspellings) as "isotretinoin".

    For the sentence encoder, which does not know that "accutane", "roaccutane" or "tane" are
    isotretinoin: "can I get pregnant while on accutane" and "... while taking isotretinoin"
    are 0.60 similar as written and 0.97 with one name.
    """
    return _WORD.sub(lambda m: "isotretinoin" if SYNONYMS.get(m.group(0).lower()) == "isotretinoin" else m.group(0), text)


def normalise(text: str) -> str:
    """Lower-case, strip accents, straighten quotes and fold the known phrases."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'")
    text = _DIGIT_LETTER.sub(" ", text)
    text = _WONT.sub("will not", text)
    text = _CANT.sub("can not", text)
    text = _NT.sub(" not", text)
    for pattern, replacement in _PHRASE_RES:
        text = pattern.sub(replacement, text)
    return text


def stem(token: str) -> str:
    """Crude suffix stripping: plurals, -ing, -ed, -ly, final -e."""
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
            if len(token) > 2 and token[-1] == token[-2] and token[-1] not in "aeioulsz":  # seeing -> see
                token = token[:-1]
            break
    if token.endswith("ly") and len(token) >= 6 and not token.endswith(("ily", "ply", "ally")):
        token = token[:-2]  # monthly -> month, weekly -> week
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
    if stemmed in STOPWORDS:  # "whats" -> "what"
        return None
    return _STEMMED_SYNONYMS.get(stemmed, stemmed)


# The stem of a listed variant that is a different word of its own must not take the variant's
# meaning: "scared" -> "scar" is not a scar, "peeling" -> "peel" not a chemical peel, "called" ->
# "call" not a name, "expected" -> "expect" ("what to expect") not "common".
_STEMS_THAT_ARE_WORDS = frozenset({"scar", "peel", "call", "expect", "odd", "box"})

_STEMMED_SYNONYMS: Dict[str, str] = {}
for _variant, _canon in SYNONYMS.items():
    if stem(_variant) not in _STEMS_THAT_ARE_WORDS:
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


# Words (after ``analyse``) that tie a message to the treatment, the skin or the body. A message the
# classifier calls off-topic is searched only when it has one: "book me a flight" shares "flight"
# with the travel article, "can I fly on accutane" names the medicine.
CARE_TERMS = frozenset({
    "isotretinoin", "acne", "spot", "flare", "skin", "face", "lip", "eye", "nose", "hair", "capsule",
    "dose", "medicine", "cours", "doctor", "side", "effect", "blood", "test", "pregnancy", "period",
    "tattoo", "laser", "wax", "dry",
})


def mentions_care(text: str) -> bool:
    """Does ``text`` name the medicine, the skin, the body or the treatment?"""
    return bool(CARE_TERMS.intersection(analyse(text)))
