"""Red-flag detection: recall per code, negation and scope, other people, framing, combinations.

Missing a red flag is the worst bug of this product, so every code has many
phrasings written the way patients type them: slang, typos, brand names, no
punctuation, British and American spelling. Benign messages live in
test_red_flags_benign.py; hostile input and properties in test_red_flags_robustness.py.
"""
from __future__ import annotations

import dataclasses
import re

import pytest

from bot.red_flags import EMERGENCY_CODES, FLAG_LEVEL, URGENT_CODES, RedFlag, RedFlagScan, detect

# code -> messages that must raise it (for the patient)
RECALL = {
    "suicidal_thoughts": [
        "I've been feeling really suicidal",
        "i feel suicidial lately",
        "honestly im so sucidal",
        "I don't want to be here anymore",
        "i dont want to be here any more",
        "I want to hurt myself",
        "I want to die",
        "i just wanna die",
        "sometimes I think I'd be better off dead",
        "I keep thinking about killing myself",
        "gonna kms",
        "kms honestly",
        "i want to end it all",
        "there's no point in living",
        "no point living anymore",
        "I've been thinking about cutting myself again",
        "I've been self harming",
        "started self-harming again since the accutane",
        "I wish I was dead",
        "everyone would be better off without me",
        "I have thoughts of suicide",
        "im having suicidal thoughts on roaccutane",
        "I don't want to live anymore",
        "I just want to disappear forever",
        "I wish I could go to sleep and never wake up",
        "I can't go on like this",
        "I want to take my own life",
        "I'm thinking of ending my life",
        "I've been thinking about overdosing on purpose",
        "what's the point of living with skin like this",
        "life isn't worth living",
        "I want to unalive myself",
        "I WANT TO KILL MYSELF",
        "i want 2 die",
        "I feel like ending it",
        "i feel like theres no point anymore",
        "I cut myself last night",
        "what do I do if I feel suicidal",
    ],
    "breathing_difficulty": [
        "I can't breathe properly",
        "cant breath",
        "I'm struggling to breathe",
        "having trouble breathing since this morning",
        "it's hard to breathe",
        "I'm really short of breath",
        "shortness of breath",
        "I feel breathless all the time",
        "my breathing is really laboured",
        "I'm wheezing a lot",
        "i can barely breathe",
        "I cannot catch my breath",
        "difficulty breathing after my dose",
        "gasping for air",
        "I'm finding it hard to breathe",
        "it feels like I can't get enough air",
        "why can't I breathe?",
    ],
    "facial_swelling": [
        "my face is swollen",
        "my lips are really swollen",
        "my tongue feels swollen",
        "my throat is closing",
        "throat feels like it's closing up",
        "my face has swelled up",
        "swollen lips and eyes this morning",
        "there's swelling around my eyes and lips",
        "my lips puffed up",
        "my face blew up after taking it",
        "I think I'm having anaphylaxis",
        "my throat feels tight and I can't swallow",
        "my eyelids are swolen",
    ],
    "chest_pain": [
        "I have chest pain",
        "chest pains since yesterday",
        "my chest hurts",
        "my chest really hurts when I breathe in",
        "pain in my chest",
        "tight chest",
        "my chest feels tight",
        "I have a crushing pain in my chest",
        "sharp pain in my chest",
        "chest is killing me",
        "I think I'm having a heart attack",
        "my heart is racing and my chest hurts",
        "pain in my chest when I breathe",
    ],
    "fainting": [
        "I fainted this morning",
        "I passed out at work",
        "i blacked out in the shower",
        "I feel like I'm going to faint",
        "I nearly fainted",
        "I collapsed at work",
        "I lost consciousness for a minute",
        "i keep feeling faint",
        "I almost passed out",
        "I went dizzy and collapsed",
    ],
    "seizure": [
        "I had a seizure",
        "i had a siezure last night",
        "had a fit this morning",
        "I think I had a seizure",
        "i've been having seizures",
        "I had convulsions",
        "my body was shaking uncontrollably",
        "my girlfriend said I was fitting in my sleep",
    ],
    "overdose": [
        "I took the whole pack",
        "I took 10 pills",
        "i took ten of my accutane",
        "I overdosed on accutane",
        "I think I OD'd",
        "i od'd on my isotretinoin",
        "I accidentally took too many",
        "I took way too many capsules",
        "I've taken too much accutane",
        "I took all my pills at once",
        "my little brother swallowed my accutane",
        "my dog ate some of my isotretinoin",
        "my son took my tablets",
        "my toddler got into my meds",
        "I took more than prescribed",
        "took 5 times my dose by mistake",
        "I took the rest of my claravis",
        "OD on absorica",
        "i took way more pills than prescribed",
        "I doubled my dose",
        "I accidentally took 3 times my dose this morning",
        "I took a bunch of pills",
        "I swallowed a whole strip",
    ],
    "skin_breakdown": [
        "I have open sores on my face",
        "my spots are bleeding",
        "bleeding crusts on my cheeks",
        "my spots have burst open and won't heal",
        "the cysts keep oozing",
        "my acne is weeping",
        "there are crusted lesions on my chest",
        "my skin is ulcerated",
        "i have ulcers on my face",
        "the spots on my back are bleeding and crusting over",
        "they won't heal",
        "my cysts burst open",
        "my face is bleeding",
        "oozing spots all over my jaw",
        "my skin is breaking down",
        "open wounds where my cysts were",
        "my face is covered in scabs",
        "my skin is splitting open",
        "a few are weeping and scabbed over",
        "yes, several are open and bleeding",
        "crusty bleeding spots everywhere",
    ],
    "systemic_symptoms": [
        "I have a fever",
        "i've got a feever",
        "fevers at night",
        "temp of 39",
        "my temperature is 38.5",
        "38.5",
        "38.2C",
        "101F",
        "102 F",
        "I'm running a temperature",
        "high temp and chills",
        "I have chills",
        "my joints ache",
        "my knees ache a lot",
        "back pain",
        "my back hurts",
        "lower back pain",
        "my muscles are sore",
        "joint pain in my hands",
        "I've got achy joints",
        "my bones hurt",
        "my hips are killing me",
        "I feel really unwell",
        "feeling generally unwell",
        "I feel so ill",
        "I feel flu-like",
        "flu like symptoms",
        "i feel like i have the flu",
        "aching all over",
        "I'm not feeling well",
        "i dont feel well",
        "feel rough as anything",
        "I've been really poorly",
        "no fever but my knees ache a lot",
        "my ankles are swollen and sore",
        "pain in my knees when I walk",
        "muscle weakness",
        "I've been feverish",
        "I've got a temperature",
        "temp 38",
        "it's 38.9",
        "boiling hot and shivering",
        "sweats at night",
        "my muscles are a bit stiff after leg day",
    ],
    "pregnancy": [
        "I might be pregnant",
        "I'm pregnant",
        "i think im pregnat",
        "could I be pregnant?",
        "my period is late",
        "my period is 5 days late",
        "I missed my period",
        "haven't had my period this month",
        "I got a positive test",
        "pregnancy test came back positive",
        "we're trying for a baby",
        "I'm trying to get pregnant",
        "I'm not sure if I'm pregnant",
        "I'm worried I'm pregnant",
        "the condom broke",
        "had unprotected sex",
        "I forgot to take the pill",
        "I want to have a baby",
        "preggers i think",
        "am I pregnant?",
        "I'm a week late",
        "just found out I'm expecting a baby",
        "I tested positive",
        "took a pregnancy test and it was positive",
        "my period hasn't come",
    ],
    "mood_change": [
        "I feel depressed",
        "i'm so depresed",
        "I've been really depressed since starting accutane",
        "my depression is getting worse",
        "I'm feeling really low",
        "feeling down all the time",
        "low mood",
        "I feel anxious all the time",
        "my anxiety is through the roof",
        "I've been really irritable",
        "I keep snapping at everyone",
        "I've become really aggressive",
        "I can't stop crying",
        "I feel numb",
        "I feel hopeless",
        "not feeling great, kind of depressed",
        "I don't feel like myself",
        "I've lost interest in everything",
        "mood swings",
        "I've been having panic attacks",
        "I feel empty",
        "i cant cope",
        "my mental health is really bad",
        "I've been crying every day",
        "I'm angry all the time",
        "feeling so sad lately",
        "I hate myself",
        "i've never felt so depressed",
        "My mood has been all over the place",
        "I feel like I'm going crazy",
        "I'm feeling down about my skin",
        "my boyfriend says I've been really moody",
        "I have no energy and feel worthless",
    ],
    "severe_headache_vision": [
        "I have a severe headache",
        "worst headache of my life",
        "really bad headache",
        "splitting headache",
        "my head is pounding",
        "headache and blurred vision",
        "I have a headache and my vision is blurry",
        "headache with vomiting",
        "I've got a headache and I've been throwing up",
        "headaches every day",
        "a headache that won't go away",
        "migraine",
        "my head hurts so bad",
        "blurry vision and a headache",
        "I'm seeing double and my head is killing me",
    ],
    "severe_stomach_pain": [
        "severe stomach pain",
        "really bad stomach pain",
        "terrible tummy ache",
        "my stomach is killing me",
        "excruciating abdominal pain",
        "my stomach hurts so much",
        "stomach pain that goes through to my back",
        "I'm doubled over in pain",
        "sharp pains in my belly",
    ],
    "jaundice": [
        "my skin looks yellow",
        "my eyes are yellow",
        "the whites of my eyes look yellowish",
        "yellow skin",
        "I think I have jaundice",
        "my pee is really dark",
        "dark urine",
        "my urine is brown",
        "I look yellow",
        "my skin is turning yellow",
    ],
    "bloody_diarrhoea": [
        "I have bloody diarrhoea",
        "bloody diarrhea",
        "blood in my stool",
        "there's blood in my poo",
        "rectal bleeding",
        "bleeding from my bum",
        "diarrhoea with blood in it",
        "blood when I wipe",
        "my poop is black and tarry",
        "i have diarrea with blood",
        "the runs with blood in it",
        "there was blood in the toilet after I went",
    ],
    "sudden_hearing_vision_loss": [
        "I suddenly lost my hearing in one ear",
        "sudden hearing loss",
        "I can't hear out of my left ear",
        "my ears are ringing and I can't hear properly",
        "ringing in my ears",
        "my hearing is muffled",
        "I've lost vision in my right eye",
        "I can't see out of one eye",
        "this morning I couldn't see out of my left eye for about ten minutes",
        "my vision went black",
        "I think I'm going blind",
        "sudden vision loss",
        "I can't hear anything in my right ear",
        "can't see anything out of my left eye",
        "my hearing has gone weird",
    ],
    "blistering_rash": [
        "I have blisters on my arms",
        "my skin is blistering",
        "a blistering rash on my legs",
        "blisters all over my body",
        "i have bilsters on my hands",
        "my skin is coming off",
        "sores in my mouth and blisters",
        "my skin is coming off in sheets",
        "I've got blisters in my mouth",
    ],
    "blistering_skin_with_fever": [
        "skin peeling off with a fever",
        "my skin is blistering and I have a fever",
        "blisters everywhere and a temperature of 39",
        "I have a rash and a fever",
        "my skin is peeling and I'm running a temp",
        "Blistering rash. Fever since yesterday.",
        "blisters and chills",
    ],
    # the Medication Guide's other "stop and call" items (bot/red_flag_patterns.py: LABEL_SOURCES)
    "vision_problems": [
        "everything has gone blurry in my left eye since this morning",
        "my vision is blurry",
        "my vision has gone blury",
        "everything looks fuzzy",
        "i have blurred vision",
        "my eyesight is getting worse",
        "I'm seeing double",
        "seeing spots in front of my eyes",
        "my eyes are dry and painful",
        "my eyes hurt",
        "pain behind my eyes",
        "my eyes are constantly dry and it won't go away",
    ],
    "swallowing_problems": [
        "it hurts to swallow",
        "painful swallowing",
        "swallowing is really painful",
        "it burns when I swallow",
        "food gets stuck when I swallow",
        "food feels stuck in my throat",
        "it hurts when i swalow",
    ],
    "heartburn": [
        "I have heartburn",
        "new heartburn since starting accutane",
        "my heartburn is worse",
        "really bad acid reflux",
        "heart burn every night",
        "acid keeps coming up into my throat",
        "hartburn all the time",
        "burning in my throat after meals",
    ],
    "muscle_weakness": [
        "my muscles feel weak",
        "muscle weakness",
        "my legs feel like jelly",
        "I can barely lift my arms",
        "my legs keep giving way",
        "I'm struggling to climb the stairs",
        "my arms are so weak",
        "I feel really weak",
        "weakness in my legs",
    ],
    "high_blood_sugar": [
        "I'm really thirsty all the time",
        "constantly thirsty and peeing loads",
        "I'm peeing all the time",
        "excessive thirst",
        "I get up at night to pee",
        "frequent urination",
        "my blood sugar is high",
        "im always thirsty",
    ],
    "psychosis": [
        "I've been hearing voices",
        "I keep seeing things that aren't there",
        "I think I'm hallucinating",
        "I hear things that nobody else hears",
        "I feel like people are watching me",
        "voices in my head",
    ],
    "diarrhoea": [
        "I have diarrhoea",
        "I've got diarrhea",
        "diarhea for three days",
        "I've had the runs all week",
        "watery poo all day",
    ],
    "allergic_skin_reaction": [
        "I've come out in hives",
        "hives all over my body",
        "I have welts on my arms",
        "red patches on my legs",
        "bruises on my legs and I don't know why",
        "I bruise really easily now",
    ],
}

# More phrasings, found while probing the detector (regressions).
RECALL_MORE = {
    "suicidal_thoughts": [
        "i honestly feel like killing myself",
        "I've been having thoughts about ending my life",
        "sometimes i think about suicide",
        "I feel like I want to die every day",
        "i want to die lol",
        "I'm planning to kill myself",
        "dont want to live",
        "I wanna end it",
        "I've started hurting myself again",
        "i've been burning myself",
        "I think about death constantly",
        "everyone would be better off if i was dead",
        "i wish i wasnt alive",
        "i don't see the point in living anymore",
        "Been feeling suicidal on roaccutane",
        "suicidal ideation",
        "I tried to kill myself last night",
        "I attempted suicide",
        "i have a plan to end my life",
        "i want to jump off a bridge",
        "i just want it all to stop",
        "i can't do this anymore i want to die",
        "feel like self harming",
        "i relapsed with self harm",
        "I've had enough of life",
        "I'm done with life",
        "thinking of ending it",
        "tired of living",
        "i want to sleep and never wake up",
    ],
    "breathing_difficulty": [
        "I'm struggling to breath",
        "i can't breathe!!",
        "my breathing is weird and fast",
        "i'm out of breath just sitting here",
        "it feels like my chest is tight and I can't breathe",
        "i'm having an asthma attack",
        "breathing difficulties",
        "I can hardly breathe",
        "feel like im suffocating",
        "i keep gasping",
        "struggling to catch my breath",
    ],
    "facial_swelling": [
        "my lips swelled up",
        "my whole face is puffy and swollen",
        "my tongue is swelling",
        "my throat is swelling up",
        "face swelling",
        "lips are swelling",
        "my eyes are swollen shut",
        "throat feels tight",
        "I'm having an allergic reaction, my face is swollen",
    ],
    "chest_pain": [
        "chest hurting",
        "I have a pain in my chest",
        "there's pressure on my chest",
        "my chest feels heavy",
        "chest tightness",
        "pains in my chest",
        "i've got chest pain and my arm hurts",
    ],
    "fainting": [
        "i fainted twice today",
        "I passed out",
        "i pass out when i stand up",
        "I blacked out for a few seconds",
        "I keep almost passing out",
    ],
    "seizure": [
        "I had a seizure last night",
        "I had a fit in my sleep",
        "I think I had a seizure, I woke up confused",
        "my partner says I was convulsing",
    ],
    "overdose": [
        "I took my whole bottle",
        "i took like 8 capsules",
        "I accidentally took 2 weeks worth",
        "took too many pills",
        "I overdosed",
        "my kid got into my roaccutane",
        "my 3 year old swallowed one of my capsules",
        "i took 20 tablets",
        "my girlfriend took some of my accutane",
        "I took an overdose last night",
        "I think I've taken too much",
        "I took all of them",
    ],
    "skin_breakdown": [
        "my cysts are bursting and bleeding",
        "open sores all over my back",
        "my acne is bleeding through my shirt",
        "lots of crusted spots on my chest",
        "my spots turned into ulcers",
        "the lesions are oozing",
        "my skin is raw and bleeding",
        "scabby bleeding bumps everywhere",
        "the nodules broke open",
        "my face is covered in open sores",
    ],
    "systemic_symptoms": [
        "i have a high temperature",
        "fever and my joints hurt",
        "i've got a temp of 38.4",
        "temp is 101.5",
        "feverish and achy",
        "i feel achy all over",
        "my whole body aches",
        "my knees and hips hurt",
        "my bones ache",
        "pain in my joints",
        "my back is killing me",
        "feel really rough",
        "i'm shivering and hot",
        "my joints are so stiff",
        "joint pains",
        "i feel generally crap and feverish",
        "my shoulders ache",
        "muscle pain",
        "muscles aching",
        "body aches",
        "I've felt really ill for days",
        "I've got the chills",
        "i have a 39 degree fever",
        "my joints have been aching",
        "achy knees",
        "sore joints",
        "stiff back in the morning",
        "My lower back is so painful I can't sleep",
        "really bad back pain",
        "my heels hurt when I walk",
        "temperature 38",
        "38 degrees",
        "my thermometer says 38.3",
        "hot and shivery",
    ],
    "pregnancy": [
        "my period is late and I'm scared",
        "I think I might be pregnant",
        "im pregnant what do i do",
        "missed period",
        "my period hasn't come this month",
        "I'm 2 weeks late",
        "positive pregnancy test",
        "i just found out im pregnant",
        "my partner and i are trying to conceive",
        "we want to start a family",
        "i had sex without protection",
        "pregnant?",
        "could i be pregnant",
        "pregnancy scare last week",
    ],
    "mood_change": [
        "I've been so down lately",
        "feeling really depressed on accutane",
        "I feel like crap all the time mentally",
        "I've been crying a lot",
        "my anxiety has gotten worse",
        "I feel really anxious",
        "I'm so irritable lately",
        "I get angry really easily",
        "I feel numb inside",
        "I've been feeling empty",
        "I'm not enjoying anything anymore",
        "I feel so low",
        "I'm struggling with my mental health",
        "I've been feeling really sad",
        "I feel worthless",
        "i get panic attacks now",
        "depression has come back",
        "I've been having really bad mood swings",
        "I snap at everyone",
        "i'm constantly on edge",
        "I'm in a really dark place",
        "not in a good place",
        "i feel so alone",
        "I've been really tearful",
        "I feel on edge all the time",
        "I keep having intrusive thoughts",
        "i get so angry over little things",
    ],
    "severe_headache_vision": [
        "I have the worst headache",
        "bad headaches every day",
        "my headache is really bad",
        "i have a terrible migraine",
        "headache and my vision is blurry",
        "headache and throwing up",
        "my head is killing me",
        "severe headaches",
        "headache that won't go away and blurry vision",
    ],
    "severe_stomach_pain": [
        "really bad stomach ache",
        "my stomach hurts really bad",
        "I'm in agony with my stomach",
        "sharp stomach pains",
        "severe abdominal pain",
        "my belly is killing me",
        "horrible tummy pain",
    ],
    "jaundice": [
        "my eyes look yellow",
        "yellow eyes",
        "my skin has gone yellow",
        "my pee is dark brown",
        "i think im jaundiced",
        "dark pee",
    ],
    "bloody_diarrhoea": [
        "blood in my poo",
        "bloody poop",
        "I'm bleeding from my bottom",
        "diarrhoea with blood",
        "there's blood when I go to the toilet",
        "i have blood in my stool",
        "my stool is bloody",
    ],
    "sudden_hearing_vision_loss": [
        "I can't hear properly",
        "i lost hearing in my left ear",
        "my hearing went suddenly",
        "I've lost my sight in one eye",
        "i can't see properly",
        "my ears keep ringing",
        "i suddenly can't see",
        "i'm deaf in one ear now",
    ],
    "blistering_rash": [
        "i have blisters",
        "there are blisters on my skin",
        "my rash is blistering",
        "blistered skin on my arms",
        "my skin is peeling off in sheets",
    ],
    "blistering_skin_with_fever": [
        "blisters and a temperature",
        "I have a fever and blisters",
        "my skin is peeling and I have a high temp",
        "rash and fever",
        "fever with a rash all over my body",
        "fever and my skin is coming off",
    ],
}

def _cases():
    return [(code, text) for recall in (RECALL, RECALL_MORE) for code, texts in recall.items()
            for text in texts]


@pytest.mark.parametrize("code,text", _cases())
def test_each_phrasing_raises_its_code(code, text):
    assert code in detect(text).codes, (text, detect(text))


@pytest.mark.parametrize("code,text", _cases())
def test_all_caps_still_raises(code, text):
    assert code in detect(text.upper()).codes


@pytest.mark.parametrize("code,text", [(c, t) for c, t in _cases() if not re.search(r"\d", t)])
def test_no_punctuation_still_raises(code, text):
    bare = re.sub(r"[^\w\s]", "", text)
    assert code in detect(bare).codes, bare


@pytest.mark.parametrize("code,text", _cases())
def test_flag_inside_a_long_rambling_message(code, text):
    message = (
        "So I started on accutane about six weeks ago and the purge was awful at first, lots of small "
        "whiteheads on my chin and my lips are dry as anything, I use vaseline constantly. "
        f"{text}. "
        "Anyway I was also wondering whether I can still go to the gym and what moisturiser you recommend, "
        "my derm said CeraVe is fine but I'm not sure."
    )
    assert code in detect(message).codes


@pytest.mark.parametrize("text", [
    "9 stone 4 and I've been feeling really suicidal",
    "about 2 months, also i want to die",
    "20mg a day. I don't want to be here anymore",
    "week 6 i think and honestly i cant breathe properly today",
])
def test_flag_after_a_form_answer(text):
    scan = detect(text)
    assert scan.level == "emergency", scan


@pytest.mark.parametrize("brand", [
    "accutane", "Accutane", "roaccutane", "Roaccutane", "absorica", "claravis", "amnesteem", "myorisan",
    "zenatane", "isotretinoin", "tane", "acutane",
])
def test_brand_names_in_overdose_and_context(brand):
    assert "overdose" in detect(f"I think I took too much {brand}").codes
    assert "overdose" in detect(f"my sister swallowed some of my {brand}").codes
    assert "mood_change" in detect(f"since starting {brand} I've been so depressed").codes


# --- Idioms ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "this breakout is killing me",
    "I'm dying to know when the purge ends",
    "I'd kill for clear skin",
    "thinking about dying my hair, is that ok on accutane?",
    "killing it at the gym lately",
    "I ran 5 kms this morning",
    "my skin is to die for lol",
    "these spots are the death of me",
])
def test_idioms_are_not_suicidal(text):
    assert "suicidal_thoughts" not in detect(text).codes


# --- Negation and scope ------------------------------------------------------------------------------
@pytest.mark.parametrize("text,code", [
    ("no fever", "systemic_symptoms"),
    ("I'm not pregnant", "pregnancy"),
    ("never had joint pain", "systemic_symptoms"),
    ("I don't feel unwell", "systemic_symptoms"),
    ("without any fever", "systemic_symptoms"),
    ("no blood", "bloody_diarrhoea"),
    ("no blood in my stool", "bloody_diarrhoea"),
    ("denies chest pain", "chest_pain"),
    ("my period isn't late", "pregnancy"),
    ("my period is not late", "pregnancy"),
    ("I don't have a fever or joint pain", "systemic_symptoms"),
    ("no fever, chills or joint pain", "systemic_symptoms"),
    ("nope no fever", "systemic_symptoms"),
    ("fever: no", "systemic_symptoms"),
    ("fever? no", "systemic_symptoms"),
    ("joint pain - none", "systemic_symptoms"),
    ("no  fever", "systemic_symptoms"),
    ("no chance I'm pregnant", "pregnancy"),
    ("I haven't been depressed at all", "mood_change"),
    ("I'm not depressed, just tired of my skin", "mood_change"),
    ("no open sores or bleeding", "skin_breakdown"),
    ("my spots aren't bleeding", "skin_breakdown"),
    ("none of the spots are open", "skin_breakdown"),
    ("I don't have blisters", "blistering_rash"),
    ("no headache", "severe_headache_vision"),
    ("I have never fainted", "fainting"),
    ("no trouble breathing", "breathing_difficulty"),
    ("I don't want to die", "suicidal_thoughts"),
    ("I'm not suicidal", "suicidal_thoughts"),
    ("my face isn't swollen", "facial_swelling"),
    ("my joints don't ache", "systemic_symptoms"),
])
def test_negated_findings_are_not_flags(text, code):
    assert code not in detect(text).codes, detect(text)


@pytest.mark.parametrize("text,code", [
    ("no fever but my knees ache a lot", "systemic_symptoms"),
    ("no fever however my back hurts", "systemic_symptoms"),
    ("no fever although my joints are sore", "systemic_symptoms"),
    ("no fever. my joints ache though", "systemic_symptoms"),
    ("no fever and my knees ache", "systemic_symptoms"),
    ("no fever, my knees ache", "systemic_symptoms"),
    ("not pregnant but my period is late", "pregnancy"),
    ("I'm not sure if I'm pregnant", "pregnancy"),
    ("not feeling great, kind of depressed", "mood_change"),
    ("I don't think I'm pregnant but can't be sure", "pregnancy"),
    ("never had joint pain until now", "systemic_symptoms"),
    ("I've never been this depressed", "mood_change"),
    ("no idea if I'm pregnant", "pregnancy"),
    ("nothing helps. I want to die", "suicidal_thoughts"),
    ("no I can't breathe", "breathing_difficulty"),
    ("No, I have a fever", "systemic_symptoms"),
    ("not sure, I might have a fever", "systemic_symptoms"),
    ("fever no, joint pain yes", "systemic_symptoms"),
    ("I can't stop thinking about killing myself", "suicidal_thoughts"),
    ("nothing helps the joint pain", "systemic_symptoms"),
    ("my cream doesn't help the back pain", "systemic_symptoms"),
    ("I can't go a day without crying", "mood_change"),
    ("I can't help feeling depressed", "mood_change"),
    ("I don't know why I'm so depressed", "mood_change"),
    ("I haven't been able to breathe properly", "breathing_difficulty"),
    ("no appetite and feel worthless", "mood_change"),
    ("I have no energy and feel worthless", "mood_change"),
])
def test_negation_scope_ends_and_hedges_stay_flags(text, code):
    assert code in detect(text).codes, detect(text)


# --- Questions and worries about side effects ----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "will it make me depressed?",
    "can accutane cause depression?",
    "is joint pain a side effect?",
    "does isotretinoin cause joint pain",
    "I was worried I might get depressed, but I'm fine",
    "what are the signs of depression to look out for",
    "can you get pregnant on accutane?",
    "how do I avoid getting pregnant on this",
    "what's the risk of depression with roaccutane",
    "I read that it can cause hearing loss",
    "is hair loss or back pain a common side effect",
    "will I get joint pain if I exercise?",
    "can you overdose on accutane?",
    "I'm scared of getting depressed on it",
    "my derm warned me about depression",
])
def test_questions_and_worries_about_side_effects_are_not_flags(text):
    assert detect(text).flags == (), detect(text)


@pytest.mark.parametrize("text,code", [
    ("is it normal that my joints ache?", "systemic_symptoms"),
    ("why am I so depressed?", "mood_change"),
    ("can accutane cause depression? because I've been feeling really low", "mood_change"),
    ("is it normal to feel this depressed?", "mood_change"),
    ("accutane has made me really depressed", "mood_change"),
    ("could I be pregnant?", "pregnancy"),
    ("why can't I breathe?", "breathing_difficulty"),
    ("help, is it normal to have chest pain?", "chest_pain"),
    ("I'm worried about this fever", "systemic_symptoms"),
    ("does the joint pain go away?", "systemic_symptoms"),
    ("how long does the depression last?", "mood_change"),
    ("what do I do if I feel suicidal", "suicidal_thoughts"),
    ("I'm a guy, is this chest pain normal?", "chest_pain"),
])
def test_questions_about_own_symptoms_stay_flags(text, code):
    assert code in detect(text).codes, detect(text)


# --- Other people ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,code", [
    ("my friend was depressed on accutane", "mood_change"),
    ("my mum had a seizure years ago", "seizure"),
    ("my sister is pregnant", "pregnancy"),
    ("my boyfriend has a fever", "systemic_symptoms"),
    ("she had chest pain on it", "chest_pain"),
    ("my brother's joints ache on roaccutane", "systemic_symptoms"),
])
def test_someone_elses_symptom_is_a_note_not_a_flag(text, code):
    scan = detect(text)
    assert code not in scan.codes, scan
    assert code in scan.others, scan


def test_the_patients_own_flag_wins_over_the_note():
    scan = detect("my friend was depressed on accutane and now I'm depressed too")
    assert "mood_change" in scan.codes
    assert "mood_change" not in scan.others


@pytest.mark.parametrize("text", [
    "my friend says I seem depressed",
    "my mum thinks I'm pregnant",
    "me and my sister both have a fever",
])
def test_patient_in_a_sentence_about_others(text):
    assert detect(text).flags, detect(text)


@pytest.mark.parametrize("text", [
    "my little brother swallowed my accutane",
    "my daughter ate one of my tablets",
    "the dog ate my roaccutane",
    "someone took my isotretinoin by mistake",
])
def test_someone_else_taking_the_medicine_is_the_patients_emergency(text):
    scan = detect(text)
    assert scan.primary.code == "overdose" and scan.level == "emergency"
    assert "overdose" not in scan.others


# --- Combinations and dedupe -----------------------------------------------------------------------
def test_blistering_with_fever_is_one_emergency_and_not_also_blistering_rash():
    scan = detect("my skin is blistering and I have a fever of 39")
    assert scan.primary.code == "blistering_skin_with_fever"
    assert "blistering_rash" not in scan.codes
    assert "systemic_symptoms" in scan.codes  # fever is also a systemic symptom
    assert "blister" in scan.primary.evidence and "fever" in scan.primary.evidence


def test_blistering_without_fever_is_urgent():
    scan = detect("blisters on my arms, no fever")
    assert scan.codes == ("blistering_rash",)


def test_peeling_lips_with_a_fever_is_not_the_skin_emergency():
    scan = detect("my lips are peeling and I have a fever")
    assert "blistering_skin_with_fever" not in scan.codes
    assert "systemic_symptoms" in scan.codes


def test_a_combination_across_messages_is_found_when_the_caller_joins_them():
    first, second = "the skin on my chest is peeling off in sheets", "yes I've had a fever of 38.8 since last night"
    assert "blistering_skin_with_fever" not in detect(second).codes
    assert detect(f"{first}. {second}").primary.code == "blistering_skin_with_fever"


def test_a_mild_headache_alone_is_not_a_flag_but_with_blurred_vision_it_is():
    assert detect("I have a headache").flags == ()
    assert detect("I have a headache. also my vision is blurry").codes == ("severe_headache_vision",)


# --- Interface ------------------------------------------------------------------------------------
def test_codes_and_levels():
    assert EMERGENCY_CODES == (
        "suicidal_thoughts", "breathing_difficulty", "facial_swelling", "blistering_skin_with_fever",
        "chest_pain", "fainting", "seizure", "overdose",
    )
    assert set(URGENT_CODES) == {
        "skin_breakdown", "systemic_symptoms", "pregnancy", "mood_change", "severe_headache_vision",
        "severe_stomach_pain", "jaundice", "bloody_diarrhoea", "sudden_hearing_vision_loss", "blistering_rash",
        "vision_problems", "swallowing_problems", "heartburn", "muscle_weakness", "high_blood_sugar", "psychosis",
        "diarrhoea", "allergic_skin_reaction",
    }
    assert FLAG_LEVEL == {**{c: "emergency" for c in EMERGENCY_CODES}, **{c: "urgent" for c in URGENT_CODES}}
    assert set(RECALL) == set(FLAG_LEVEL)  # every code has recall tests


def test_scan_shape_one_flag_per_code_emergency_first():
    scan = detect("my joints ache and I feel really low. also my chest hurts and my knees ache")
    assert isinstance(scan, RedFlagScan) and all(isinstance(f, RedFlag) for f in scan.flags)
    assert scan.codes == ("chest_pain", "systemic_symptoms", "mood_change")
    assert scan.level == "emergency" and scan.primary == scan.flags[0]
    assert [f.level for f in scan.flags] == ["emergency", "urgent", "urgent"]
    assert scan.flags[1].evidence == "joints ache"  # the first report of the code, in the patient's words


def test_empty_scan():
    scan = detect("thanks, that's helpful")
    assert scan.flags == () and scan.others == ()
    assert scan.level is None and scan.primary is None and scan.codes == ()


def test_results_are_frozen():
    scan = detect("I want to die")
    with pytest.raises(dataclasses.FrozenInstanceError):
        scan.flags = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        scan.primary.code = "x"


@pytest.mark.parametrize("text", ["chest  pain", "my knees\tache", "I  want  to  die", "my   joints\u00a0ache"])
def test_extra_spaces_and_tabs_do_not_hide_a_flag(text):
    assert detect(text).flags, text


def test_evidence_keeps_the_patients_words():
    assert detect("My Knees ACHE so much").primary.evidence == "Knees ACHE"


# --- Decisions (documented; change them here and in the report, not silently) -------------------------
@pytest.mark.parametrize("text,codes", [
    # flagged on purpose: recall first
    ("my muscles are a bit stiff after leg day", ("systemic_symptoms",)),  # isotretinoin + exercise: report muscle pain
    ("I had a fever last year", ()),                                       # past history (bot/red_flag_time.py)
    ("I collapsed yesterday", ()),                                         # recent and maybe over: asked about
    ("I'm feeling a bit down about the purge", ("mood_change",)),          # low mood about the skin is still low mood
    ("I want to die of embarrassment", ("suicidal_thoughts",)),            # hyperbole gets a gentle check
    ("I'd rather die than go out with skin like this", ("suicidal_thoughts",)),
    ("ringing in my ears", ("sudden_hearing_vision_loss",)),               # label: stop and call for tinnitus
    ("I have a rash and a fever", ("blistering_skin_with_fever", "systemic_symptoms")),  # label: rash with fever
    ("my skin is peeling and I have a fever", ("blistering_skin_with_fever", "systemic_symptoms")),  # protocol
    ("is it normal to feel depressed on accutane?", ("mood_change",)),     # "is it normal..." comes from experience
    ("I don't think I'm pregnant", ("pregnancy",)),                        # a new "I" ends the negation
    ("what do I do if I feel suicidal", ("suicidal_thoughts",)),           # emergencies are checked even as a condition
    ("I feel sick", ("systemic_symptoms",)),                               # US "sick" = ill
    # not flagged on purpose
    ("I blister easily when I wax?", ()),                                  # waxing injury, not a blistering rash
    ("I feel sick after taking it on an empty stomach", ()),               # nausea after the dose
    ("my lips are peeling and I have a fever", ("systemic_symptoms",)),    # chapped lips are not the skin emergency
    ("I took double my dose by accident", ("overdose",)),                # as the NLU data labels it: check, call
    ("I took my dose twice by accident", ("overdose",)),
    ("can I take a double dose if I missed one?", ()),                     # a question about dosing
    ("I have a headache", ()),                                             # only severe, or with vision/vomiting
    ("my vision is blurry", ("vision_problems",)),                         # US Medication Guide: any vision problem
    ("my stomach hurts", ()),                                              # only severe stomach pain
    ("I'm late", ()),                                                      # ambiguous; "my period is late" flags
    ("can accutane make you depressed?", ()),                              # a general question about a side effect
    ("the skin around my nose is peeling and I have a fever", ("systemic_symptoms",)),  # dryness, not the emergency
    ("my friend's sister had a seizure", ()),                              # someone else: in others only
])
def test_documented_decisions(text, codes):
    assert detect(text).codes == codes, detect(text)
