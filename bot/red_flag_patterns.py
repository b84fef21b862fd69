"""The red-flag pattern table, as plain data a clinician can read and review.

Nothing here runs: ``bot/red_flags.py`` turns the phrases into spaCy Matcher
patterns. How to read a phrase (one item per word, items separated by spaces):

    word           that word, in any case
    a|b|c          any one of these words
    {a|b}          optional: one of these words, or nothing
    ...            up to 3 other words in between — never "no"/"not"/"but", never across punctuation
    <fever>        any spelling listed under WORDS["fever"], typos included
    fe+ver         an item with regular-expression characters matches one word (typo tolerance)

Contractions follow the tokenizer: "can't", "cant" and "cannot" are "can not";
"I'm"/"Im" are "i am"; "won't" is "will not"; "don't"/"dont" are "do not";
"wanna" is "want"; "u" is "you". So "can not breathe" matches all of them.

A phrase only counts when it is about the patient, not negated ("no fever"),
and not a question or worry about a possible side effect ("will it make me
depressed?"). Those rules live in bot/red_flags.py; the words they use are at
the end of this file.
"""
from __future__ import annotations

from typing import Dict, Optional, Tuple

# --- Word classes: spellings, typos that keep the word shape, brand names ------------------------
WORDS: Dict[str, str] = {
    # isotretinoin and its brands, with common misspellings
    "med": r"ac+ut+ai?ne?s?|roac+ut+ai?ne|absorica|claravis|amnesteem|myorisan|zenatane|isotretin\w*|"
           r"isotret|tane|tanes",
    "pills": "pill|pills|tablet|tablets|tabs|capsule|capsules|caps|meds|medication|medications|medicine|"
             "dose|doses",
    # someone other than the patient who may take the patient's medicine
    "taker": "brother|sister|son|daughter|kid|kids|child|children|baby|toddler|nephew|niece|cousin|friend|"
             "partner|boyfriend|girlfriend|husband|wife|mum|mom|dad|flatmate|roommate|housemate|someone|"
             "somebody|he|she|dog|puppy|cat|kitten|pet|old|little|youngest|oldest",
    "took": "took|taken|tooken|swallowed|popped",
    "many": r"[5-9]|[1-9]\d+|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|"
            r"dozen|handful|bunch|loads|lots|heaps",
    "myself": "myself|meself|myslef|mysef|mysefl|self",
    "suicidal": r"sui?c+i?d(?:e|es|al|ial|el|le|ally|aly)?|sui?sid(?:e|al|ial)",
    "die": "die|dead|dying",
    "overdose": r"over-?dos(?:e|ed|es|ing)|od'd|od'ed|oded|o\.d\.'?d",
    "breathe": r"brea?th\w*|breth|breating|brething|breahting|breathng",
    "swollen": r"swol+e?n|swel+(?:ing|ed|s)?|sweling",
    "face_part": "face|lips|lip|tongue|throat|mouth|cheeks|cheek|eyelids|eyelid|eyes|eye|jaw",
    "chest": "chest|chests",
    "chest_pain": "pain|pains|painful|ache|aches|aching|achy|hurt|hurts|hurting|sore|tight|tightness|"
                  "pressure|heavy|heaviness|crushing|stabbing|burning|discomfort|agony|killing|squeezing|"
                  "squeezed",
    "seizure": r"s(?:ei|ie|e|i)[sz]+(?:ure|ures|ur|er|ers)|convuls\w*",
    "fever": r"fe+ve?r+s?|feaver|fevor|fevah|fevr|feverish\w*|pyrexi\w*|febrile",
    "temp": r"temperature|temperatures|tempreture|temprature|temperture|temperatur|tempature|temp|temps",
    "chills": "chills|shivers|shivering|shivery|rigors|rigours",
    # temperatures that are a fever: 38.0 °C or more, 100.4 °F or more
    "celsius": r"(?:3[89]|4[0-3])(?:[.,]\d+)?",
    "fahrenheit": r"100[.,][4-9]\d*|10[1-9](?:[.,]\d+)?|11[0-2](?:[.,]\d+)?",
    "celsius_unit": r"(?:3[89]|4[0-3])(?:[.,]\d+)?(?:°|º|deg)?c",
    "fahrenheit_unit": r"(?:100[.,][4-9]\d*|10[1-9](?:[.,]\d+)?|11[0-2](?:[.,]\d+)?)(?:°|º|deg)?f",
    "celsius_bare": r"(?:3[89]|4[0-2])[.,]\d",  # "38.5" alone, e.g. answering "what is your temperature?"
    "normal_temp": r"3[0-7](?:[.,]\d+)?|9\d(?:[.,]\d+)?|100(?:[.,][0-3]\d*)?",
    "joint": "joint|joints|knee|knees|hip|hips|ankle|ankles|wrist|wrists|elbow|elbows|shoulder|shoulders|"
             "spine|bone|bones|muscle|muscles|leg|legs|arm|arms|neck|finger|fingers|toes|heel|heels|calves|"
             "calf|thighs|thigh|shins|body|tendons|tendon|ribs|achilles",
    "joint_pain": "pain|pains|painful|ache|aches|aching|achy|achey|hurt|hurts|hurting|sore|soreness|stiff|"
                  "stiffness|killing|throbbing|agony|tender|swollen|swelling|weak|weakness",
    "feel_ill": "feel|feels|feeling|felt|been|am|be|get|getting|got|become|so|really|very|super|pretty|"
                "quite|generally|kinda|bit|little|slightly|extremely|lately",
    "ill": "unwell|poorly|ill|sick|rough|lousy|fluey|grotty|shivery|feverish|achy|achey|yucky",
    "pregnant": r"preg(?!abalin)\w*|pergnant|prenant|prego",
    "period": "period|periods|menstruation|menses|cycle",
    "depressed": r"de+p+r+e+s+e?d|de+p+r+e+s+h?i?o+n+s?|depres+h|depressive|depresso",
    "anxious": r"an(?:x|ks)i?ous|anxi?e?ty|anxeity|anxitey|anxiuos|anxios",
    "feel": "feel|feels|feeling|felt|been|am|so|really|very|super|pretty|quite|always|constantly|"
            "incredibly|extremely|seriously|completely|totally|kinda|increasingly|more",
    "low": "low|down|blue|flat|empty|hopeless|helpless|worthless|useless|miserable|sad|numb|lonely|alone|"
           "isolated|despair|despairing|unhappy",
    "severe": "severe|bad|terrible|awful|horrible|horrendous|pounding|splitting|blinding|worst|excruciating|"
              "intense|agonising|agonizing|unbearable|crushing|massive|huge|killer|constant|persistent|"
              "sharp|stabbing|extreme|debilitating|crippling|insane|crazy|throbbing|horrific|mega",
    "headache": r"head-?aches?|headache\w*|hedache\w*|headach|migraines?|migrane\w*|migrain\w*",
    "stomach": r"stomach|stomachs|stomache|stomch|stomack|tummy|tummies|belly|abdomen|abdominal|abdo|tum|bowel|bowels|"
               r"intestines|intestine|colon|"
               r"gut|guts",
    "stomach_pain": "pain|pains|ache|aches|aching|cramps|cramping|hurts|hurting|hurt",
    "blurred": r"blur+\w*|fuzzy|hazy|double|cloudy|funny|weird|strange|wavy|off",
    "vision": "vision|eyesight|sight",
    "vomit": r"vomit\w*|puk(?:e|ed|es|ing)|puking",
    "jaundice": r"jaundic\w*|jandice|jaundise|jawndice|jaunduce",
    "yellow": r"yellow\w*|yelow\w*|yello",
    "urine": "urine|pee|wee|piss|wees|pees|peeing",
    "diarrhoea": r"dia?h?r+h?o?e?a|diah?or+h?o?e?a|diarr?h?o?e|diarhh?ea|diarrea",
    "stool": "stool|stools|poo|poos|poop|poops|faeces|feces|bowel|bowels|bm|bms|diarrhoea|diarrhea",
    "bottom": "bum|butt|bottom|rectum|anus",
    "blister": r"bli+s+te?r\w*|bil+ster\w*|bullae|bullous",
    "peel": r"peel\w*|sloughing|slough\w*|shedding",
    "rash": r"rash|rashes|rashy|hives|welts",
    "lesion": "sores|sore|wound|wounds|lesion|lesions|spot|spots|cyst|cysts|pimple|pimples|zit|zits|"
              "nodule|nodules|bump|bumps|acne|breakout|breakouts|blemish|blemishes|skin|face|chin|cheeks|"
              "forehead|jaw|jawline|back|chest|shoulders|crust|crusts|scab|scabs|cut|cuts|patch|patches|"
              "whitehead|whiteheads|pustule|pustules|boil|boils|they|them",
    "acne": "acne|bacne|spot|spots|spotty|pimple|pimples|zit|zits|cyst|cysts|cystic|breakout|breakouts|"
            "bumps|lesions|whiteheads|blackheads|nodules|pustules|purge|purging|flare|scars|scarring|marks|"
            "oil|oily|greasy",
    "hearing": "hearing|hear",
    "eyes": "eyes|eye|eyeballs|eyeball",
    "photo": "photo|photos|picture|pictures|pic|pics|image|images|video|videos|camera|selfie|selfies|screenshot|scan",
    "swallow": r"swal+o+w\w*|swol+ow\w*|swallo",
    "number": r"\d+(?:[.,]\d+)?",
}

# --- Findings ---------------------------------------------------------------------------------------
# Most findings are red-flag codes themselves; a few are ingredients that raise
# another code (FINDING_CODE) or only count together (COMBINATIONS).
PATTERNS: Dict[str, Tuple[str, ...]] = {
    # ================================ EMERGENCY ================================
    "suicidal_thoughts": (
        "<suicidal>",                                   # suicidal, suicide, suicidial, sucidal
        "kill|killing|kil|kll|killin <myself>",
        "kms",                                          # chat slang for "kill myself"
        "unalive|unaliving",
        "want|wanna|wanted|wish|wished|rather|going|ready ... <die>",  # I want to die, I'd rather be dead
        "better off ... dead|gone",
        "better off without me",
        "end|ending|take|taking my {own} life",
        "end|ending it all",
        "want|going|thinking|plan|planning|ready ... end|ending it|everything",
        "done|tired|sick|exhausted|enough with|of life|living|existing",  # "I'm done with life", "tired of living"
        "done|tired|sick|exhausted|enough with|of being alive",
        "feel|feeling like ending|end it|everything",
        "no point anymore",
        "no point|reason {in} living|existing|life",
        "no point|reason to live|exist",
        "no point in being alive",
        "nothing to live for",
        "not worth living",
        "life ... not worth it",
        "what is the point of|in living|life|existing|anything|going",
        "not want {to} live|exist",
        "not want {to} be alive|here|around",           # I don't want to be here anymore
        "no longer want {to} live|exist",
        "no longer want {to} be alive|here",
        "wish i ... disappear|vanish",
        "want {to} {just} disappear|vanish",
        "hope|wish|want|rather ... not|never wake up",
        "sleep ... never|not wake up",
        "sleep forever",
        "never been born",
        "wish ... not|never alive|here|born|exist|existed",
        "not see the|a|any point in|of living|life|anything|going|trying|anymore",
        "want|wish it all to stop|end",
        "want|wish everything to stop|end",
        "hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving|punish|punishing ... <myself>",
        "self {-} harm|harming|harmed|injury|injure|injuring|hurt|hurting",
        "selfharm|selfharming",
        "want|thinking|thought|going|planning ... <overdose>",
        "thoughts|thinking|think|thought ... of|about death|dying",
        "jump|jumping off a|the bridge|building|roof|cliff",
        "step|stepping|jump|jumping in front of a|the train|bus|car|truck",
        "can not go|carry on anymore|living",
        "can not go|carry on like this",
        "can not keep going|living",
    ),
    "breathing_difficulty": (
        "can|could not|barely|hardly {i|you} {really|even|properly} <breathe>",
        "not {been} able to <breathe>",
        "unable to <breathe>",
        "struggling|struggle|struggled|trouble|difficulty|difficult|hard|problems|problem|fighting|gasping "
        "... <breathe>",
        "<breathe> problems|problem|difficulties|difficulty|issues|trouble",
        "short|shortness|out of <breathe>",
        "<breathe> ... hard|difficult|laboured|labored|shallow|tight|painful|heavy|wheezy|rattly|weird|funny|strange",
        "breathless|breathlessness|wheezing|wheezy|wheeze|suffocating|choking|gasping",
        "gasping|struggling|fighting for air",
        "can|could not catch|get my <breathe>",
        "can|could not get {any|enough} air",
        "asthma attack",
    ),
    "facial_swelling": (
        "<swollen> <face_part>",
        "<face_part> ... <swollen>|swell|swelled",
        "<face_part> ... puffed|blown|blew up",
        "puffy face|lips|lip|tongue|throat",
        "face|lips|lip|tongue ... puffy",
        "swelling in|of|on|around {my|the} <face_part>",
        "throat ... closing|closed|tight|tightening|tighter",
        "throat ... like ... closing|swelling|swollen",
        "can|could not|barely|hardly swallow",
        "difficulty|trouble|hard|struggling {to} swallow|swallowing",
        "anaphylaxis|anaphylactic|angioedema|angio-oedema|angio-edema",
    ),
    "chest_pain": (
        "<chest> ... <chest_pain>",                     # chest pain, my chest really hurts, chest feels tight
        "pain|pains|ache|aches|tightness|pressure|heaviness|discomfort in|on|across {my|the} <chest>",
        "tight|sore|painful|aching|achy|heavy|crushing <chest>",
        "heart pain|pains|hurts|hurting|attack",
        "angina",
    ),
    "fainting": (
        "fainted|fainting|faints|feinted|feinting|fainte?d",
        "feel|feeling|felt|going|gonna|nearly|almost|about|might|could|will|i faint",
        "going|about|like to faint",
        "passed|pass|passing|blacked|blacking|black out",
        "collapsed|collapsing",
        "keeled over",
        "lost|losing consciousness",
        "unconscious",
    ),
    "seizure": (
        "<seizure>",                                    # seizure, siezure, seizures, convulsions
        "had|having|have|has a fit",
        "having|had fits",
        "epileptic fit|attack|episode",
        "was|were|been|started|keeps|kept fitting",     # UK: "she said I was fitting"
        "grand mal",
        "uncontrollable|uncontrollably shaking|jerking|twitching",
        "shaking|jerking|twitching uncontrollably",
    ),
    "overdose": (
        "<overdose>",                                   # overdosed, OD'd, overdosing
        "i|he|she|we|accidentally|accidently odd",      # OD'd typed without the apostrophe
        "over dose|dosed",
        "od on",
        "<took> ... too many|much",                     # took too many, taken too much accutane
        "<took> ... whole|entire|full pack|packet|box|bottle|strip|blister|supply|tub|sheet",
        "<took> ... all|rest {of} my|the|them <pills>|<med>|pack|packet|box|bottle",
        "<took> all {of} them",
        "<took> {like|about|around|over} {a} <many> {of} {my|the|them} <pills>|<med>",  # took 10 pills
        "<many>|2|3|4|two|three|four|double|triple times|x my|the|a {prescribed|usual|normal} dose|doses",
        "<took> ... more than prescribed|i|my|the|what|you|they",
        "way|much|far more than prescribed",
        "<took> ... more <pills>|<med>|capsules|tablets than",    # took way more pills than prescribed
        "<took> double|twice|triple my|the {prescribed|usual|normal} dose|doses|amount",
        "double|doubled|triple|tripled my|the {prescribed|usual|normal} dose|doses",
        "<took> {my} {dose|pill|capsule|meds} twice|double",
        "<took> ... weeks|week|days|months|month {'s} worth|supply",
        # someone else took the patient's medicine
        "<taker> ... swallowed|swallowing|ate|eaten|eating|chewed|chewing ... <med>|<pills>",
        "<taker> ... took|taken|taking|stole|nicked|used|tried|into ... my <med>|<pills>",
    ),
    # ================================ URGENT ================================
    "skin_breakdown": (
        "open|bleeding|weeping|oozing|ulcerated|ulcerating|crusted|crusty|crusting|haemorrhagic|hemorrhagic|"
        "eroded ... sores|sore|wound|wounds|lesion|lesions|spots|cysts|pimples|nodules|acne|zits|crusts|crust|"
        "scabs|patches|bumps|skin",
        "<lesion> ... bleeding|bleed|bleeds|bled|oozing|ooze|oozes|oozed|weeping|weep|crusting|crusted|crusty|"
        "ulcerated|ulcerating|ulcers",
        "<lesion> ... burst|split|splitting|broken|broke|opened|opening open|up",
        "burst|split|broke open",
        "<lesion> ... not heal|healing|closing",
        "will|do|does|are|is|has|have|can not heal|healing",
        "ulcer|ulcers|ulceration|ulcerated|erosions|eroded",
        "sores|wounds",
        "scabs|crusts ... everywhere|all",
        "covered in scabs|crusts|sores",
        "crusts|crusted|crusting|scabbing|scabbed",
        "open|bleeding|oozing|weeping and|& open|bleeding|oozing|weeping|crusted|crusty|scabbed",
        "several|some|few|lots|many|most|couple {of} {them|those|these} are|have ... open|bleeding|oozing|"
        "weeping|crusted|crusty|scabbed",
        "are weeping|oozing",
        "oozing",
        "open sore|wound|wounds|lesions|flesh",
        "skin ... breaking|broken down",
        "skin breakdown",
    ),
    "fever": (                                          # → systemic_symptoms; with blisters/peeling/rash → emergency
        "<fever>",
        "high|raised|elevated|spiking|spiked|soaring <temp>",
        "<temp> ... high|up|raised|elevated|spiking|through",
        "running|run|ran ... <temp>",
        "have|has|had|got|gotten|with|developed|getting|get|and|plus|also a ... <temp>",
        "<temp>|<fever>|thermometer ... <celsius>|<fahrenheit>",
        "<celsius_unit>|<fahrenheit_unit>",
        "<celsius> {°|º} °|º|degrees|deg|degree|c|c\\.|celsius|centigrade",
        "<fahrenheit> {°|º} °|º|degrees|deg|degree|f|f\\.|fahrenheit",
        "<celsius_bare>",
        "<chills>",
        "burning up",
        "hot and cold",
        "night|cold sweats|sweat|sweating",
        "sweating|sweats at night",
    ),
    "systemic_symptoms": (                              # fever is its own finding above
        "<joint> ... <joint_pain>",                     # my joints ache, knees are killing me
        "my|the|lower|upper|mid back ... <joint_pain>",  # my back hurts ("back" alone is too often "came back")
        "back pain|pains|ache|aches|spasms|spasm",
        "<joint_pain> in|on|around {my|both|the} <joint>",
        "<joint_pain> <joint>",                         # achy knees, sore joints, stiff neck
        "stiff|sore|achy|achey|aching|painful|bad back",
        "<joint_pain> in|on {my|the} {lower|upper} back",
        "arthralgia|myalgia|arthritis|backache|backaches|sciatica",
        "<feel_ill> ... <ill>",                         # feeling unwell, really poorly, got sick
        "<feel_ill> ... run down",
        "rundown|run-down",
        "under the weather",
        "off colour|color",
        "not {feel|feeling|felt|been|be} well",
        "not feel|feeling|felt|been right",             # "that's not right" is a correction, not a symptom
        "not {feel|feeling|felt} good",
        "flu {-} like|ish",
        "flulike|fluey|flu-ish",
        "like i {have|am|would} {got|getting|coming} {down} {with} {the|a} flu",
        "flu symptoms",
        "aching|achy|ache|aches|hurt|hurting|sore|pain all over|everywhere",
        "everything aches|hurts",
    ),
    "pregnancy": (
        "<pregnant>",                                   # pregnant, pregnancy, pregnat, preggers
        "<period> ... late|overdue|missing|missed|skipped|delayed",
        "missed|skipped|missing|late|overdue ... <period>",
        "not had|got|gotten|come|came ... <period>",
        "no <period> for|since|this|in|yet",
        "<period> ... not come|came|arrived|started|shown",
        "trying|try|tried|want|wanting|planning|plan|hoping for|to ... baby|conceive|pregnant",
        "want|wanting|planning|hoping {to} have a baby|child|kid",
        "want|wanting a baby",
        "expecting a baby",
        "start|starting|started a family",
        "sex without protection|contraception|a|any",
        "unprotected",
        "baby on the way",
        "am ... days|day|week|weeks late",
        "ttc",
        "condom broke|split|ripped|came",
        "missed|forgot|skipped ... birth control",
        "missed|forgot|skipped ... contraceptive|contraception|minipill|bc",
        "missed|forgot|skipped ... the pill",
    ),
    "positive_test": (                                  # → pregnancy
        "positive test|result|pregnancy|preg",
        "test|tests|result ... positive",
        "tested positive",
        "two|2 lines",
    ),
    "mood_change": (
        "<depressed>",                                  # depressed, depression, depresed, depresh
        "<feel> ... <low>",                             # feeling low, so down, really hopeless, been numb
        "low mood|moods",
        "hopeless|worthless|helpless|hopelessness|worthlessness",
        "can not stop crying",
        "crying|cry|cried|tearful|sobbing",
        "in tears",
        "<anxious>",                                    # anxious, anxiety, anxiuos
        "panic attack|attacks",
        "panicking|panicky",
        "on edge",
        "irritable|irritability|snappy|aggressive|aggression|violent|rage|raging",
        "snapping|snap|snapped at",
        "short {-} tempered",
        "short fuse",
        "angry|mad|furious all the time",
        "angry|furious for no reason",
        "constantly|always|easily|often angry|furious|irritated|agitated|annoyed|emotional|tearful",
        "so|really|very|super|more emotional|agitated|irritable",
        "angry|irritated|mad|agitated|annoyed ... easily|quickly|nothing",
        "angry|irritated|mad|agitated|annoyed|upset ... little|small things",
        "anger issues|outbursts|problems",
        "lash|lashing|lashed out",
        "mood swings|swing|changes",
        "mood|moods ... over the place",
        "mood|moods ... terrible|awful|bad|low|worse|horrible|dark|off|shit|crap|rubbish|changed|changing|different",
        "am going crazy|insane|mad",
        "losing my mind",
        "moody",
        "emotionally numb|drained|exhausted|unstable|unwell|empty|fragile|dead",
        "mental|nervous breakdown",
        "breaking down",
        "mental health ... bad|worse|declining|suffering|struggling|terrible|awful|poor|tanked|downhill",
        "struggling mentally",
        "struggling|struggle|suffering ... mental|mentally",
        "crap|shit|awful|terrible|horrible|rubbish|bad|struggling|unwell|ill|exhausted|drained|broken "
        "... mentally|emotionally",
        "mentally ... crap|shit|awful|terrible|horrible|rubbish|struggling|unwell|ill|exhausted|drained|broken",
        "can not cope",
        "struggling|unable to cope",
        "not coping",
        "can not take it|this anymore",
        "can not do this anymore",
        "not {feel|feeling} like myself",
        "not myself",
        "lost|losing|no interest|motivation",
        "not enjoy|enjoying anything",
        "nothing makes me happy",
        "hate myself",
        "hate my life",
        "hate life|everything|everyone",
        "life|everything ... pointless",
        "can not get out of bed",
        "isolating|withdrawn",
        "dark|bad thoughts|place",
        "not in a good place",
        "intrusive thoughts",
    ),
    "severe_headache_vision": (
        "<severe> ... <headache>",                      # severe headache, worst headache, pounding migraine
        "<headache> ... <severe>",
        "<headache> ... not go|going away",
        "<headache> every day",
        "<headache> ... all the time",
        "<headache> ... constantly|daily",
        "<headache> ... for days|weeks",
        "<headache> ... killing me",
        "head ... pounding|splitting|exploding|killing|agony",
        "head hurts|aches|ache ... so|really bad|much",
        "migraine|migraines|migrane|migraine's",
        "pressure in|behind {my} head|eyes",
    ),
    "headache": (                                       # → severe_headache_vision with blurred vision or vomiting
        "<headache>",
        "head hurts|aches|ache|sore|pain|pounding|throbbing",
        "pain in my head",
    ),
    "blurred_vision": (
        "<blurred> <vision>",
        "<vision> ... blurry|blurred|blurring|fuzzy|hazy|double|going|gone|changed|changing",
        "blurry|blurred|blurring",
        "seeing double|stars|flashing",
        "seeing|see spots|dots|floaters in|before {front} {of} {my} eyes|eye|vision",
        "<vision> ... worse|worsening|deteriorating|weird|strange|funny|dim|dimmer|darker|foggy|cloudy",
        "everything|things|world|eyes|eye ... fuzzy|hazy|foggy|cloudy|misty|blurry|blurred|blury",
        "flashing lights",
    ),
    "vomiting": (
        "<vomit>",
        "throwing|threw|throw up",
        "being|been|was sick",
    ),
    "severe_stomach_pain": (
        "<severe> ... <stomach> ... <stomach_pain>",
        "<severe> pain|pains|cramps in|on {my|the} <stomach>",
        "<stomach> ... <stomach_pain> ... <severe>|agony|worse|unbearable|killing",
        "<stomach> ... <stomach_pain> ... so|really|very much|bad|badly",
        "<stomach> ... <stomach_pain> ... a lot",
        "<stomach> ... killing me",
        "<stomach> ... agony",
        "agony ... <stomach>",
        "doubled|doubling over",
        "<stomach> ... <stomach_pain> ... back",      # pancreatitis: pain going through to the back
        "<stomach> ... <stomach_pain> ... through|into|to ... back",
        "pancreatitis",
    ),
    "jaundice": (
        "<jaundice>",
        "<yellow> skin|eyes|eye|whites",
        "skin|eyes|eye|whites ... <yellow>|yellowish",
        "gone|turned|turning|going|look|looking|looks <yellow>",
        "dark|brown|cola|orange <urine>",
        "<urine> ... dark|brown|cola|orange",
    ),
    "bloody_diarrhoea": (
        "bloody|blood <diarrhoea>|<stool>",
        "blood in|on ... <stool>|<diarrhoea>|toilet|loo|paper|underwear",
        "<diarrhoea>|<stool> ... blood|bloody|bleeding|red",
        "<stool> ... black|tarry",
        "black|tarry <stool>",
        "rectal bleeding|blood",
        "bleeding from ... <bottom>",
        "bleeding from {my} back passage",
        "<bottom> ... bleeding|bleeds|bled",
        "bleeding|blood when i wipe|poo|go",
        "the runs ... blood|bloody",
        "pooping|pooing|shitting|passing blood",
    ),
    "sudden_hearing_vision_loss": (
        "hearing loss",
        "lost|losing|lose ... <hearing>|<vision>",
        "can|could not hear",
        "deaf|deafness",
        "muffled",
        "<hearing> ... muffled|gone|going|worse|dull|blocked|went|changed|weird|strange|off",
        "suddenly|sudden ... can|could not see|hear",
        "suddenly|sudden ... blind|deaf",
        "ringing|buzzing in {my|both|one|the} ears|ear",
        "ringing|buzzing|whistling|humming ears|ear",
        "ears|ear ... ringing|buzzing",
        "tinnitus",
        "<vision> loss",
        "<vision> ... gone|went|disappeared|black|dark|blacked|darkened|out",
        "can|could not see out|properly|clearly|straight|at|well",
        "can|could not see ... eye|eyes",
        "can|could not see anything|much|a|at ... out|from|with|through",
        "blind|blindness",
    ),
    "blistering": (                                     # → blistering_rash; with fever → blistering_skin_with_fever
        "<blister>",
        "skin ... coming|falling off",
        "<peel> {off} in sheets|chunks|layers|strips",
        "<peel> off ... sheets|chunks|layers|strips",
        "sores|ulcers in|inside {my} mouth|eyes|eye|throat|nose|genitals",
    ),
    "skin_peeling": (                                   # only counts with fever
        "skin|rash|face|body|arms|legs|chest|back|hands|feet|palms ... <peel>",
        "<peel> skin|rash",
    ),
    "rash": (                                           # only counts with fever
        "<rash>",
    ),
    # --- Medication-guide "stop and call" items beyond protocol v1's list (sources in LABEL_SOURCES) ---
    "painful_eyes": (                                   # → vision_problems
        "<eyes> ... painful|pain|hurt|hurts|hurting|agony|stabbing|throbbing",
        "<eyes> ... dry and|& painful|sore|hurt|hurting|hurts|burning|stinging",
        "sore|burning|stinging dry <eyes>",
        "pain|pains in|behind {my|the|both|one} <eyes>",
        "painful|hurting|aching <eyes>",
        "dry <eyes> ... constant|constantly|nonstop|unbearable",
        "dry <eyes> ... not go|going away",
        "<eyes> ... constantly|always dry",
    ),
    "swallowing_problems": (
        "painful|sore|hurts|hurt|hurting|pain|agony|burns|burning|stings|stinging {to|when|on|as} {i} <swallow>",
        "<swallow> ... hurts|hurt|painful|sore|burns|burning|pain|agony|stings",
        "food|things|it|everything ... stuck|sticks|sticking|catches|catching in|at ... throat|chest|gullet|"
        "oesophagus|esophagus",
        "stuck|sticks|sticking|catches when|as|if i <swallow>",
        "odynophagia|dysphagia",
    ),
    "heartburn": (
        r"heart-?burn|hartburn|heartbrun|heartburns",
        "heart burn|burning",
        "acid reflux|indigestion|gerd|gord",
        "reflux",
        "acid ... coming|comes|came up",
        "burning ... throat|gullet|oesophagus|esophagus",
    ),
    "muscle_weakness": (
        "muscle|muscles ... weak|weakness|weaker|jelly|floppy",
        "muscle|muscles ... no strength",
        "weak|weaker|floppy muscles|legs|arms|leg|arm|grip|hands",
        "legs|arms|leg|arm|knees ... weak|weaker|jelly",
        "legs|arms|leg|knees ... giving|gave|give way|out",
        "weakness in|of {my|both|the} <joint>",
        "can|could not|barely|hardly lift|raise|move my|an ... arm|arms|leg|legs|head",
        "can|could not|barely|hardly walk|stand|climb",
        "can|could not|barely|hardly get up",
        "trouble|difficulty|struggling|struggle|hard ... moving|walking|standing|climbing|lifting|move|walk|stand|"
        "climb|lift|stairs",
        "trouble|difficulty|struggling|struggle|hard ... getting|get up",
        "no strength in",
        "feel|feeling|felt|so|really|very weak",
        "rhabdo|rhabdomyolysis",
    ),
    "high_blood_sugar": (
        "very|really|so|always|constantly|extremely|super|insanely|excessively|unusually|crazy|incredibly thirsty",
        "thirsty ... all the time",
        "thirsty ... constantly|non-stop|nonstop",
        "excessive|extreme|constant|unquenchable|insatiable thirst",
        "can not stop drinking",
        "<urine> ... lot|loads|constantly|nonstop|non-stop|hour|often|more|much|all",
        "peeing|weeing|urinating|pissing so|all|more|constantly",
        "frequent|excessive|constant urination|peeing|weeing",
        "up ... night to <urine>",
        "polyuria|polydipsia|hyperglycaemia|hyperglycemia",
        "high|raised blood sugar|sugars|glucose",
        "blood sugar|sugars|glucose ... high|up|raised",
    ),
    "psychosis": (
        "hearing|hear|heard voices",
        "hearing|hear|heard things ... not|never there|real",
        "hearing|hear|heard things ... nobody|noone",
        "hearing|hear|heard things ... no one",
        "keep|keeps|been|started|start|starting hearing|seeing things",
        "voices in|inside my head",
        "seeing|see|saw things ... not|never there|real",
        "things that are not real|there",
        r"hallucinat\w*",
        "psychosis|psychotic|delusion|delusions|delusional",
        "people|everyone|someone are|is watching|following|after me",
    ),
    "diarrhoea": (
        "<diarrhoea>",
        "the runs",
        "loose|watery|runny stools|stool|poo|poos|poop|bowels",
    ),
    "allergic_skin_reaction": (
        "hives|welts|urticaria",
        "red|purple|dark patches|spots|blotches|bruises|marks|dots ... legs|shins|ankles|feet|calves",
        "bruises|bruising ... legs|shins|ankles|feet|calves|everywhere|easily|nowhere",
        "bruise|bruising so|really|very easily",
        "unexplained|random|weird bruises|bruising",
    ),
}

# Where each red-flag code comes from. "US MG": the isotretinoin Medication Guide (Absorica /
# Claravis / Amnesteem / Zenatane, FDA), "stop taking and call your healthcare provider right away
# if you …"; "UK PIL" / "UK SmPC": Roaccutane patient information leaflet and summary of product
# characteristics (sections 2 and 4 / 4.4 and 4.8); protocol v1: shared/DESIGN.md.
LABEL_SOURCES: Dict[str, str] = {
    "suicidal_thoughts": "US MG: serious mental health problems, thoughts of suicide; UK PIL: suicidal thoughts",
    "breathing_difficulty": "US MG: serious allergic reactions, trouble breathing — get emergency care",
    "facial_swelling": "US MG: swollen face or mouth — get emergency care; UK PIL: severe allergic reaction",
    "blistering_skin_with_fever": "US MG: serious skin reactions, rash with fever, blisters, peeling; UK SmPC 4.4 "
                                  "(Stevens-Johnson syndrome, toxic epidermal necrolysis)",
    "chest_pain": "US MG: severe chest pain (stomach-area problems); protocol v1: emergency",
    "fainting": "US MG: decreased blood cells — call if you faint; protocol v1: emergency",
    "seizure": "US MG: serious brain problems (intracranial hypertension), seizures",
    "overdose": "US MG / UK PIL: if you take too much, call poison control or your doctor",
    "skin_breakdown": "Greywal et al., J Am Acad Dermatol 2017 (acne fulminans)",
    "systemic_symptoms": "Greywal et al. 2017 (fever, bone/joint pain with a flare); US MG: bone and joint pain",
    "pregnancy": "US MG / UK PIL: stop at once and call if you become pregnant or miss a period",
    "mood_change": "US MG: depression, anxiety, aggression, mood changes; UK PIL: mental health problems",
    "severe_headache_vision": "US MG: intracranial hypertension — bad headache, blurred vision, nausea, vomiting",
    "severe_stomach_pain": "US MG: severe stomach, chest or bowel pain; UK PIL: pancreatitis",
    "jaundice": "US MG: yellowing of skin or eyes, dark urine (liver); UK PIL: hepatitis",
    "bloody_diarrhoea": "US MG: rectal bleeding, diarrhoea; UK PIL: inflammatory bowel disease",
    "sudden_hearing_vision_loss": "US MG: hearing problems, ringing in the ears; vision problems; UK PIL: hearing "
                                  "and sight problems",
    "blistering_rash": "US MG: serious skin reactions, blisters on legs, arms or face; sores in mouth, throat, nose",
    "vision_problems": "US MG: vision problems — any problems with your vision (blurred vision), dryness of "
                       "the eyes that is painful or constant; UK PIL: blurred vision, sudden changes in sight",
    "swallowing_problems": "US MG: stomach-area problems — trouble swallowing or painful swallowing",
    "heartburn": "US MG: stomach-area problems — new or worsening heartburn",
    "muscle_weakness": "US MG: muscle weakness with or without pain (rhabdomyolysis), feeling weak (low blood "
                       "cells); UK PIL: muscle weakness",
    "high_blood_sugar": "US MG: blood sugar problems — very thirsty, urinating a lot; UK SmPC 4.8: hyperglycaemia",
    "psychosis": "US MG: psychosis, seeing or hearing things that are not real; UK PIL: psychotic symptoms",
    "diarrhoea": "US MG: stomach-area problems — diarrhoea; UK PIL: inflammatory bowel disease",
    "allergic_skin_reaction": "US MG: serious allergic reactions — hives; red patches or bruises on the legs",
}

# A finding raises the code of the same name unless listed here (None: only in a combination).
FINDING_CODE: Dict[str, Optional[str]] = {
    "fever": "systemic_symptoms",
    "positive_test": "pregnancy",
    "blistering": "blistering_rash",
    "headache": None,
    "blurred_vision": "vision_problems",  # the Medication Guide lists it alone; with a headache, the combination
    "painful_eyes": "vision_problems",
    "vomiting": None,
    "skin_peeling": None,
    "rash": None,
}

# code: groups of findings; the code is raised when every group has at least one finding.
COMBINATIONS: Dict[str, Tuple[Tuple[str, ...], ...]] = {
    # blistering or peeling skin, or a rash, together with a fever (label: "rash with fever")
    "blistering_skin_with_fever": (("fever",), ("blistering", "skin_peeling", "rash")),
    # a headache with blurred vision or vomiting (raised intracranial pressure)
    "severe_headache_vision": (("headache",), ("blurred_vision", "vomiting")),
}
# When a combination is raised, the weaker code it includes is not reported as well.
SUPERSEDES: Dict[str, str] = {
    "blistering_skin_with_fever": "blistering_rash",
    "severe_headache_vision": "vision_problems",
    "bloody_diarrhoea": "diarrhoea",
}

# Someone else taking the patient's medicine is the patient's emergency:
# "my little brother swallowed my accutane".
ANY_SUBJECT = frozenset({"overdose"})

# --- Idioms and harmless uses -------------------------------------------------------------------
# A finding's match is dropped when one of these phrases overlaps it. Keep them tight (mostly
# adjacent words): a loose veto silently drops a real red flag.
VETOES: Dict[str, Tuple[str, ...]] = {
    "suicidal_thoughts": (
        "dying|dye|dyed|dyeing {my|her|the} hair",      # "thinking about dying my hair"
        "<acne>|it|them|marks|scars|redness {would|to|will} {just} <die>|disappear|vanish",
        "<number> kms",                                 # "ran 5 kms"
        "cut|cutting <myself> ... shaving|shave|accident|accidentally|cooking|chopping|gardening",
        "burn|burnt|burned|burning <myself> ... cooking|oven|iron|straighteners|kettle|stove|pan|accident",
        "hurt|hurting <myself> ... gym|playing|lifting|running|training|workout|football|rugby|skiing|cycling|"
        "accident|fell|falling",
        "accidentally|accidently cut|burnt|burned|hurt <myself>",
        "fell|fall|tripped ... hurt <myself>",
        "better off without my|the|it|this|accutane|<med>",
        "done|tired|sick|exhausted|enough with|of life|living with|like|in",  # "sick of living with acne"
    ),
    "breathing_difficulty": (
        "<breathe> through {my|the|one} nose|nostril|nostrils",  # a blocked nose, common and harmless
        "choking on",
        "out of <breathe> {after|from} running|gym|exercise|exercising|workout|jogging|training|sport|football",
        "bad|smelly <breathe>",
    ),
    "facial_swelling": (
        "<swollen> <acne>",                             # a swollen cyst on the face is the flare itself
        "<acne> {are|is|look|looks|so|very|really|all} <swollen>",
        "swallow|swallowing <pills>|<med>|them|these|those|capsules|tablets",
        "<pills>|<med>|them|they|capsules|tablets {are|is|so|really|very|too} hard|difficult {to} swallow",
        "<swollen> ... from|after ... crying|cried|filler|fillers|dentist|tooth|teeth|wisdom|surgery|injection|"
        "botox|procedure|sting|bite",
        "lips|lip {are|is|so|really|very|a|bit} <swollen> and cracked|chapped|dry|peeling|split|splitting|sore",
        "cracked|chapped|dry|dried and <swollen> lips|lip",
    ),
    "chest_pain": (
        "<chest> <acne>",                               # chest acne hurts
        "<chest_pain> <acne>",                          # painful spots, sore cysts
        "<acne> on|across|over {my|the} <chest>",
        "heartburn",
        "gave|give|giving|almost|nearly ... heart attack",
        "heart hurts|breaks|hurting|aches for|about|seeing|when",  # "my heart hurts for her"
    ),
    "fainting": (
        "pass|passed|passing out leaflets|flyers",
        "black out blinds|curtains",
    ),
    "seizure": (
        "have|had|having|has a fit about|at|when|because|over",  # "my mum had a fit when she saw my skin"
    ),
    "overdose": (
        "it|that|this|which|treatment|course|process|months|weeks <took>|takes|taking",  # "it took too much time"
        "<took> too much|many time|effort|sun|alcohol|drink|drinks|coffee|caffeine|vitamin|notice|water|advil|"
        "ibuprofen|paracetamol",
        "<took> ... all ... <pills>|<med>|doses ... week|weeks|month|months|course|cycle|correctly|properly|"
        "normally|daily",
        "<took> ... <many> ... total|altogether|overall|since|far|month|months|weeks|week|course|cycle",
        "<took> me|us",
        "<took> ... away|off|back",
        "popped|popping ... <acne>|pimple|pimples|whitehead|whiteheads|blister|blisters",  # popping spots
        "bottle|box|pack|packet of water|wine|vodka|beer|juice|crisps|chips|chocolate|biscuits|sweets|cigarettes",
        "<took> too many|much photos|pictures|pics|selfies|showers|baths|risks|breaks|days|notes",
    ),
    "fever": (
        "hay|cabin|spring|dengue <fever>",
        "<fever> blister|blisters|dream|dreams|pitch",
        "normal|room|water|body|shower|bath|oven|skin <temp>",
        "<temp> {is|was|'s|are} normal|fine|ok|okay",
        "<temp> check|checked|checks|taken|reading|normal",
        "<temp> ... <normal_temp>",                     # "temperature of 37.2"
        "<celsius_bare> kg|kgs|kilo|kilos|kilograms|lb|lbs|pounds|st|stone|mg|g|cm|weeks|wks|%|percent|years|"
        "yrs|hours|hrs|mins|k|bmi|days",
        "weigh|weight|weighs|weighed|bmi|dose|mg|week|weeks|day|days|kg|size ... <celsius_bare>",
        "<celsius>|<fahrenheit> {°|º} {degrees|c|f} outside|today|weather|heatwave|summer|sun|hot|heat|outdoors|"
        "abroad|here|there",
        "gives|gave|give|giving me|you {the} chills",
        "chills|shivers down|up {my} spine",
        "turn|turned|turning ... <temp>",
    ),
    "systemic_symptoms": (
        "<joint> <acne>",                               # back acne, shoulder spots
        "back <acne>",
        "<joint_pain> <acne>",                          # sore spots, painful cysts
        "<acne> on|across|over|all {over} {my|the} <joint>|back",
        "heels|heel|fingers|knuckles|feet {are|is|so|really|very|all} cracked|dry|split|peeling|chapped",
        "cracked|dry|split|chapped heels|heel|fingers|knuckles",
        "<joint_pain> ... from|after ... blood|bloods|injection|jab|vaccine|tattoo|needle|piercing",
        "jab|jabs|injection|vaccine|vaccination|tattoo ... <joint> ... <joint_pain>",
        "sick of",                                      # sick of this breakout
        "sick and tired",
        "<ill> about",
        "sick ... after|when|on|from|if ... taking|take|eating|empty|food|dose|pill|pills|meal|capsule|capsules",
        "not {feel|feeling|felt} good|well|right about|with",
        "skin|face|texture|lips|hands|feet|heels|hair {feels|feel|is|are|looks|look|so|really|very|bit|still|"
        "quite} rough",
        "pain in the neck",
        "back pain free",
    ),
    "positive_test": (
        "positive skin|mood|effect|effects|results|change|changes|side|feedback|vibes|thinking|experience|"
        "outlook|note|attitude|reviews|energy",
        "covid|covid-19|corona|flu|strep|drug|antibody|antibodies|blood|liver|allergy {test|tests} {was|is|came} "
        "{back} positive|test|tests",
        "positive for covid|covid-19|corona|flu|strep",
    ),
    "pregnancy": (
        "<pregnant> test|tests|testing|prevention|program|programme|programs|category|form|forms|registry|"
        "risk|risks",
        "ipledge",
        "<pregnant> ... not|no ... issue|concern|problem|worry|possible|option|chance|risk|thing",
        "<pregnant> stuff|thing|things|rules|rule|warning|warnings|side|bit|part|question|questions|issue|"
        "requirements|paperwork|talk|info|information",
        "<period> pain|pains|cramps|cramp|pad|pads|products|tracker|app",
        "avoid|avoiding|prevent|preventing|stop ... pregnant|baby|pregnancy|conceive|conceiving",
        "cycle of|on",
        "menstrual cycle",
        "<med>|treatment|course|second|first|next cycle",
    ),
    "mood_change": (
        "crying out loud",
        "<acne>|skin|face|lips {is|are} crying|cries for|out",  # "my skin is crying out for moisture"
        "low dose|dosage|doses|mg|strength|level|levels|carb|fat|fodmap|sugar|energy|iron|vitamin",
        "low|down on|in energy|iron|sleep|vitamin|money|time|sugar|fluids|water",
        "down to|the|from|with|a|my|on|dose|dosage|there",
        "calm|come|slow|cut|cutting|settle|settled|settling|died|go|going|went|gone|calmed|coming|turn|"
        "turned|back|break|broke|breaks|way|wind|winding|wound|dry|dried|drying|healed|heal|healing|up|"
        "upside|face|lie|lying|lay|sit|sat|write|wrote|shut|shuts|put|tone|toned|toning|scaled|bring|"
        "brings|brought|knocked|let|letting|lets|sleep|sleeping down",
        "numb lips|lip|face|fingers|hands|feet|toes|tongue|mouth|arm|legs|leg|skin",
        "lips|lip|face|fingers|hands|feet|toes|tongue|mouth|arm|legs|leg|skin|stomach {are|is|feel|feels|go|goes|"
        "gone|went|so|really|bit|a} numb|empty|blue",
        "aggressive|raging|violent <acne>|treatment|dose|course|regimen|approach|form|type|scarring|breakout",
        "<anxious> to",                                 # "anxious to start"
        "tears|tear in|on|duct|ducts",
        "depressed|depression <acne>|scar|scars|scarring|pores|marks|areas|area|lesions|patches",
        "<depressed> warning|warnings|risk|risks|screening|questionnaire|test|form|forms",
        "depression|depressions in|on {my} skin|face|cheek|cheeks|forehead",
        "skin|barrier|lips|moisture {is|are|keeps|keep|was} breaking down",
        "blue light|tinge|lips|eyes|sky|dye|hair|jeans",
        "emotional support|damage",
        "crying|cried|cry with|from|of laughter|laughing|joy|happiness|relief",
        "happy|joy tears|crying",
        "flat tyre|tire|battery|shoes|lay|stomach|iron",
        "empty stomach|tummy|bottle|pack|packet",
        "cut down",
    ),
    "blurred_vision": (
        "blurry|blurred|fuzzy|hazy <photo>|screen|memory|memories|line|lines|edges|text",
        "<photo> ... blurry|blurred|fuzzy",
        "<photo> ... ... blurry|blurred|fuzzy",
        "double check|checked|checking|dose|doses|dosage|up|the|my|cleanser|cleanse",
        # reduced night vision is common and has its own article (knowledge: night_vision)
        "night <vision>",
        "worse|worsening|dim|dimmer|darker|weird|strange|funny|blurry|blurred|fuzzy at|in night|dark",
        "<vision> ... at|in night|dark",
        "<vision> insurance|test|tests|check",
        "off <vision>",
    ),
    "vomiting": (
        "throw|threw|throwing away|out|it|them|my|the",
        "sick of",
        "sick and tired",
    ),
    "severe_stomach_pain": (
        "gut feeling|health|bacteria|biome|microbiome|instinct",
    ),
    "jaundice": (
        "<yellow> crust|crusts|crusty|crusting|pus|head|heads|teeth|nails|stains|stain|discharge|spots|bumps|"
        "pimples|whiteheads|gunk|pustules|tint|tinted|tone|undertone|undertones",
        "eyes {are|have} <yellow> discharge|crust|gunk|crusty",
    ),
    "bloody_diarrhoea": (
        "blood test|tests|work|results|pressure|sugar|donation|donor|type|count|levels",
    ),
    "sudden_hearing_vision_loss": (
        "lost|losing|lose ... hearing aid",
        "blind date|taste|test|tests|curtains|blinds|eye",   # "turn a blind eye"
        "blind <acne>|pimple|pimples|spot|spots|zit|zits|boil|bump|bumps|cyst|cysts|under",
        "colour|color|double blind",
        "can not see ... difference|improvement|results|change|changes|point|end|reason|why|how|online|website|"
        "info|information|reviews|doctor|derm|dermatologist|gp|nurse|specialist|pharmacist|appointment",
        "can not hear back|from|about",
        "out of sight",
        "deaf ears",
        "ringing ... phone|doorbell|bell|doctor|clinic|surgery|derm|pharmacy|office|up|around",
        "lost|losing|lose ... sight of",
    ),
    "skin_breakdown": (
        "popped|picked|squeezed|squeezing|popping|picking|pop|pick|squeeze ... bled|bleed|bleeding|bleeds|"
        "oozing|scab|scabbed|scabs|crusted|open",
        "bled|bleed|bleeding|oozing|scab|scabs|scabbed ... after|from|when|because ... popped|picked|squeezed|"
        "popping|picking|squeezing|shaving|shave|shaved|waxed|waxing|wax",
        "cold|canker|mouth|lip|lips|nose|tongue|bed|pressure sores|sore|ulcer|ulcers",
        "sores|ulcers|sore|ulcer in|on|inside|around {my|the} mouth|lips|lip|nose|tongue|gums",
        "stomach|peptic|duodenal|gastric ulcer|ulcers",
        "lips|lip|nose|nostrils|corners|mouth|cuticles|hands|fingers|knuckles|heels ... not heal|healing",
        "lips|lip|nose|nostrils|corners|cuticles {are|is|keep|keeps|so|really|all|still|always} crusted|crusty|"
        "crusting|crusts",
        "crusts|crusted|crusting|crusty on|in|around {my|the} lips|lip|nose|nostrils|eyes|eyelids|corners|"
        "eyelashes",
        "<lesion> open pores",
        "open ... <pills>|<med>|capsule|pack|packet|bottle|box",
        "skin {on} {my} hands|fingers|knuckles|heels|lips {is|are|has|have} split|cracked|open",
        "split ends",
        "burst ... bubble",
        "broken out|promises",
        "heal it|this|that|my|the",
    ),
    "blistering": (
        "fever|cold <blister>",                         # a cold sore, not a blistering rash
        "<blister> pack|packs|strip|strips|packaging|foil",
        "<blister> ... wax|waxing|waxed|shoes|shoe|boots|trainers|running|gym|rowing|weights|burn|burnt|burned|"
        "oven|hiking|walking|guitar|friction|rubbing",
        "wax|waxing|waxed|shoes|shoe|boots|trainers|running|burn|burnt|burned|oven|hiking|walking|guitar ... <blister>",
        "burn|burnt|burned|scald|scalded ... it|and ... <blister>",
        "<blister> on {my|the|both} heel|heels|toe|toes|foot|feet ... from|after",
        "blood <blister>",
    ),
    "skin_peeling": (
        "<peel> ... lips|lip|cuticles|nose|nostrils",   # chapped lips and a dry nose peel on every course
        "lips|lip|nose|nostrils ... <peel>",
        "<peel> ... mask|masks|orange|banana|potato|sticker|label|nail",
        "chemical|skin peel|peels",
    ),
    "swallowing_problems": (
        "<pills>|<med>|them|they|capsules|tablets|capsule|tablet ... hurt|hurts|painful|sore|stuck|sticks",
        "swallow|swallowing <pills>|<med>|them|these|those|capsules|tablets|capsule|tablet|pill",
    ),
    "heartburn": (
        "reflux ... baby|infant",
    ),
    "muscle_weakness": (
        "weak|weaker ... hair|nails|skin|coffee|tea|signal|wifi|password|joke|excuse",
        "can|could not ... walk|stand|get ... without|with my|the|skin|acne|face|how|outside|out|anywhere|"
        "people|mirror|looking",
        "can not stand the|my|it|this|that|people|how|looking",
    ),
    "high_blood_sugar": (
        "thirsty for|thirst for",
        "drinking ... more|lots|loads {of} water ... because|as|for|to help|since|dry",
    ),
    "psychosis": (
        "seeing|see|saw things ... improve|improving|results|change|changes|better|clearer|differently",
    ),
    "allergic_skin_reaction": (
        "bruises|bruising ... from|after ... blood|bloods|injection|jab|fall|fell|gym|bumped|knocked|hit",
        "red|purple|dark marks|spots ... <acne>|acne|scars|scarring|left",
    ),
    "rash": (
        "rash decision|decisions|move|idea|thing",
        "nappy|diaper|heat|razor|shaving <rash>",
    ),
}

# --- Context words used by the negation, framing and subject rules --------------------------------
# A negation word before a finding, in the same clause, denies it ("no fever", "never had joint pain").
NEGATIONS = frozenset({"no", "not", "never", "without", "denies", "denied", "deny", "nor", "neither", "none",
                       "nope", "nah"})
# A negation word followed by one of these is a hedge, not a denial ("not sure if I'm pregnant").
HEDGES = frozenset({"sure", "certain", "know", "knowing", "100", "100%", "idea", "clue", "doubt", "wonder",
                    "only", "just", "matter", "convinced", "positive", "exactly", "confident", "tell", "even"})
# A negation attaches to these and reaches no further: "not feeling great kind of depressed",
# "nothing helps the joint pain", "I can't stop thinking about killing myself".
NEGATION_TARGETS = frozenset({"great", "good", "well", "okay", "ok", "fine", "right", "happy", "normal", "bad",
                              "better", "best", "amazing", "brilliant", "perfect", "100%", "help", "helps",
                              "helped", "helping", "work", "works", "worked", "working", "improve", "improved",
                              "improving", "fix", "fixed", "stop", "stopped", "stopping", "ease", "eased",
                              "relieve", "relieved", "shift", "budge", "shake", "rid", "change", "changed",
                              "gone", "went", "going", "seem", "seems"})
# After "never", these make it emphatic ("never been so depressed"), not a denial.
EMPHASIS = frozenset({"so", "this", "such", "as", "more", "worse", "that"})
# Words that end the reach of a negation ("no fever but my knees ache", "no fever, just back pain").
SCOPE_ENDS = frozenset({"but", "however", "although", "though", "except", "yet", "whereas", "while", "just",
                        "only", "still", "also", "plus", "now", "apart", "besides", "instead", "other",
                        "because", "unless", "then", "anyway", "actually", "until", "till"})
# A subject pronoun starts a new statement the negation does not reach
# ("I don't think I'm pregnant" stays a flag: recall first)...
NEW_SUBJECTS = frozenset({"i", "he", "she", "we", "they", "it", "you", "everything"})
# ...except right after "no way", "no chance": "no chance I'm pregnant".
DENIAL_NOUNS = frozenset({"way", "chance", "possibility"})
# After "and"/"or" these start a new statement too ("no fever and my knees ache", "no energy and feel
# worthless").
NEW_PHRASES = frozenset({"my", "the", "his", "her", "their", "our", "its", "this", "that", "feel", "feels",
                         "feeling", "felt", "am", "keep", "get", "getting", "got", "have", "has", "been", "is",
                         "are", "was", "now"})
# Words allowed between "no" and a finding in a list ending in "or": "no fever, chills or joint pain".
LIST_WORDS = frozenset({"any", "a", "an", "the", "have", "has", "had", "got", "get", "getting", "signs", "sign",
                        "of", "or", "nor", "and", "rash", "rashes", "itching", "itch", "headache", "headaches",
                        "nausea", "dizziness", "vomiting", "cough", "nosebleeds", "problems", "issues",
                        "symptoms", "real", "major", "experienced", "noticed", "really", "bad", "severe"})
# Said right after a finding: "fever: no", "joint pain - none".
AFTER_NEGATIONS = frozenset({"no", "none", "nope", "nil", "negative", "nah", "never", "n/a"})
# After a denied finding, these make it a report again: "never had joint pain until now".
REVERSALS = frozenset({"until", "till", "til", "before"})

# Framing: a question or worry about a side effect, not a symptom. The nearest cue
# before the finding wins: a frame makes it hypothetical, a MARKER the patient's own.
FRAMES: Tuple[str, ...] = (
    # "will it make me", "can accutane cause", "is it going to give you"
    "will|would|could|can|may|might|does|do|did|should|going|is ... make|give|cause|trigger|bring|lead|"
    "affect {me|you|people|someone|us|one|to|on|up}",
    # "will I get", "might get", "can you develop"
    "will|would|could|can|may|might|should|going {i|you|we|people|someone|one|everyone|to} {ever|also|really|"
    "actually|possibly|eventually|definitely|still|just} get|become|develop|experience|suffer|end|start|take|use",
    # "do you get", "can people have", "are women at risk"
    "will|would|could|can|may|might|does|do|did|is|are|should you|people|someone|anyone|one|everyone|patients|"
    "girls|guys|men|women",
    # "if I get", "in case you develop", "what if I become"
    "if|whether|when|once|unless|case {i|you|we|someone|people|one} {ever} get|gets|become|develop|develops|"
    "start|starts|end|experience|notice",
    # "worried about getting", "scared of", "afraid that"
    "worried|worry|worrying|worries|scared|afraid|nervous|concerned|fear|fears|frightened|terrified|paranoid "
    "{about|of|that} {getting|becoming|developing|having|a}",
    "risk|risks|chance|chances|likelihood|odds|danger|dangers|rate|rates|possibility|percentage|prevalence|"
    "incidence of|for",
    # "what happens if I overdose", "how much is an overdose", "can I take a double dose?"
    "if|whether|case {i|you|someone|somebody|people|one} {accidentally|ever} <overdose>|od|take|took|double",
    "how much|many ... is|be|would|to|counts",
    "counts|count|considered as",
    # reported information: "I read that...", "my derm warned me about..."
    "heard|read|reading|told|says|said|warned|warning|warnings|apparently|supposedly|article|studies|"
    "study|research|google|googled|leaflet|label|pamphlet|tiktok|reddit|online|internet|forum|forums|website "
    "{me|us|you} {about|of|that}",
    "prevent|prevents|preventing|avoid|avoiding|reduce|reducing|minimise|minimize|protect|prevention|"
    "precautions|precaution",
    "what are|is {the} {main|early|warning|common|usual} signs|symptoms|side",
    "monitor|monitoring|screen|screening|screened|questionnaire|check|checking|checked for|on|of",
)
# Conditions ("tell her if I feel low") frame urgent findings only: an emergency mentioned even
# as a condition ("what do I do if I feel suicidal") is still checked.
FRAMES_URGENT: Tuple[str, ...] = (
    "if|whenever|case {i|you|we} {ever} {start|begin} {to} feel|notice|get|have|experience|develop",
)
# Frames that also count after the finding in its clause: "is joint pain a side effect?"
FRAMES_ANYWHERE: Tuple[str, ...] = (
    "side {-} effect|effects|affect|affects",
    "sideeffect|sideeffects",
    "cause|causes",
    "linked|associated|related|connected to|with",
)
# "the" right before a finding refers to one the patient has: "does the joint pain go away?"
DEFINITE = frozenset({"the"})
# First-person words: they make a finding the patient's own experience, even in a question.
MARKERS = frozenset({"i", "me", "my", "myself", "mine", "we", "us", "our", "normal", "ok", "okay", "this",
                     "these"})
# A sentence is a question when it starts with a question word, a question verb ("is back pain
# common"), or a modal followed by a subject ("can accutane...") — people drop the "?", and
# "joint pain?" alone is an answer. "Can't breathe", "Could be pregnant" are statements with the
# "I" left out.
QUESTION_WORDS = frozenset({"what", "why", "how", "when", "which", "who", "anyone", "anybody"})
QUESTION_VERBS = frozenset({"does", "do", "will", "would", "is", "are", "should"})
QUESTION_MODALS = frozenset({"can", "could", "may", "might"})
QUESTION_SUBJECTS = frozenset({"i", "you", "it", "this", "that", "these", "those", "there", "people",
                               "anyone", "someone", "one", "the", "a", "an", "my", "your", "we", "they", "he",
                               "she", "accutane", "roaccutane", "isotretinoin", "absorica", "claravis",
                               "amnesteem", "myorisan", "zenatane", "tane"})

# Whose finding it is: the nearest person word before it in the clause; none means the patient.
SELF_WORDS = frozenset({"i", "me", "my", "myself", "mine", "we", "us", "our", "ours", "ourselves", "both"})
# ("they"/"them"/"it" are left out on purpose: "they're bleeding" is usually about the spots.)
OTHER_PEOPLE = frozenset({
    "he", "she", "him", "her", "his", "hers", "himself", "herself", "someone", "somebody", "people", "person",
    "anyone", "everyone", "friend", "friends", "mate", "mates", "pal", "bestie", "bff", "bf", "gf",
    "boyfriend", "girlfriend", "partner", "husband", "wife", "hubby", "fiance", "fiancé", "fiancee", "mum",
    "mom", "mam", "mother", "mummy", "mommy", "dad", "daddy", "father", "parent", "parents", "sister", "sis",
    "brother", "sibling", "siblings", "son", "daughter", "kid", "kids", "child", "children", "baby",
    "toddler", "teen", "teenager", "cousin", "aunt", "auntie", "aunty", "uncle", "nan", "nana", "gran",
    "granny", "grandma", "grandmother", "grandad", "granddad", "grandpa", "grandfather", "niece", "nephew",
    "flatmate", "roommate", "housemate", "colleague", "coworker", "classmate", "neighbour", "neighbor",
    "family", "women", "woman", "girls", "ladies", "men", "guys", "patients", "girl", "guy", "boy",
    "dog", "cat", "puppy", "pet",
    # people online and others the patient tells about ("a girl on reddit", "my ex", "this guy I know")
    "ex", "bro", "twin", "stepmum", "stepmom", "stepdad", "stepsister", "stepbrother", "grandparents",
    "relative", "relatives", "lad", "lads", "bloke", "dude", "gal", "lady", "man", "others", "op", "poster",
    "commenter", "commenters", "redditor", "redditors", "influencer", "youtuber", "tiktoker", "celebrity",
    "acquaintance", "teammate", "housemates", "flatmates", "roommates", "colleagues", "coworkers", "classmates",
    "users", "user", "members", "member", "someone's", "everybody", "somebody's", "folks", "fiancée",
})
# A new time segment (bot/red_flag_time.py) starts at one of these right after a joiner:
# "I had depression years ago and now I'm feeling low again", "I had a fever last year, I'm fine".
SEGMENT_STARTS = frozenset({"i", "he", "she", "we", "they", "it", "you", "now", "still", "my",
                            "currently", "lately", "recently", "this", "that"})
JOINERS = frozenset({"and", "so", "then", "plus", "&", ",", ";", "-", "but"})
# "a guy I know got joint pain": after a person word, "I" + one of these is about that person.
RELATIVE_VERBS = frozenset({"know", "knew", "met", "follow", "followed", "work", "worked", "saw", "went", "watch",
                            "watched", "talked", "spoke", "read"})
# Words that end a clause for the framing and subject rules (besides punctuation and sentence ends).
CLAUSE_ENDS = frozenset({"but", "however", "although", "though", "because", "except", "whereas", "unless",
                         "while", "whilst", "anyway", "plus"})

# Pieces the tokenizer makes of contractions, and chat spellings, with the word they stand for.
SHORT_FORMS: Dict[str, str] = {
    "n't": "not", "nt": "not", "ca": "can", "wo": "will", "'m": "am", "m": "am", "'re": "are", "re": "are",
    "'ve": "have", "ve": "have", "'ll": "will", "ll": "will", "'d": "would", "d": "would", "gon": "going",
    "na": "to", "ta": "to", "y'": "you", "wanna": "want", "u": "you", "ur": "your", "r": "are",
    "cuz": "because", "coz": "because", "cos": "because", "tho": "though", "ppl": "people", "rly": "really",
    "v": "very", "'s": "is", "s": "is", "wat": "what",
}
