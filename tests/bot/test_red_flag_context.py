"""Red flags in context: past, resolved, someone else's, recent (ask), present, and the label's new items.

One table: text → what the patient gets. "emergency"/"urgent" escalate, "ask" is the
one clarifying question ("Is this happening now?", RedFlagScan.to_ask), None is
neither. Each row has a group so the counts of the final report come from here
(test_counts_for_the_report prints them with ``-s``). The time rule itself is in
bot/red_flag_time.py.
"""
from __future__ import annotations

import time
from collections import Counter

import pytest

from bot import red_flag_time
from bot.red_flag_patterns import LABEL_SOURCES
from bot.red_flags import FLAG_LEVEL, URGENT_CODES, detect

ESCALATE = ("emergency", "urgent")

PAST = [  # old history: not the patient's flag now
    "I had a fever last year but that's unrelated, my question is about dosing",
    "I had depression years ago",
    "I was depressed as a teenager",
    "I had a seizure when I was 12",
    "in 2019 I had really bad chest pain",
    "before I started accutane I had anxiety",
    "I used to self harm when I was younger",
    "I fainted a couple of years ago",
    "back in high school I had panic attacks",
    "I had jaundice as a baby",
    "I had a rash with a fever last summer",
    "I had blurry vision a few months ago",
    "three weeks ago I had diarrhoea",
    "I had hives when I was a kid",
    "I had heartburn on my first course",
    "my knees ached last month",
    "I have a history of depression",
    "I've had anxiety in the past",
    "I suffered from migraines growing up",
    "I was pregnant in 2020 and my son is 5 now",
    "ages ago I passed out at a concert",
    "I had tinnitus a long time ago",
    "previously I had chest pain",
    "10 days ago I felt faint",
    "2 weeks ago I had a fever",
    "I used to get really anxious",
    "years ago i was suicidal",
    "I had an overdose in 2018",
    "i usd to have anxiety when i was a teen",
    "I HAD A FEVER LAST YEAR",
    "I've been depressed in the past",
    "I have been suicidal in the past",
]
RESOLVED = [  # said to be over
    "I used to have anxiety years ago but I'm fine now",
    "I had a headache and blurry vision but it went away",
    "I had a fever but it's gone now",
    "the hives cleared up",
    "I was really anxious but I'm fine now",
    "I had diarrhoea but that cleared up",
    "I felt faint earlier but I'm okay now",
    "I'm no longer depressed",
    "my heartburn has gone away",
    "the ringing in my ears has stopped",
    "I had chest pain yesterday but it went away",
    "last week I had a fever, it's gone now",
    "my stomach was in agony but it's all better",
    "I had bad joint pain, that has passed",
    "I had blurred vision for a bit, back to normal now",
]
THIRD_PARTY = [  # someone else's symptom: a note, not a flag
    "my friend was depressed",
    "my mum had chest pain last week",
    "a girl on reddit said she had a seizure on accutane",
    "my brother has hives",
    "my sister's vision went blurry on accutane",
    "my boyfriend has diarrhoea",
    "my dad is always thirsty",
    "my gran hears voices",
    "my flatmate had heartburn all week",
    "this guy I know got really bad joint pain",
    "my ex was suicidal",
    "my twin is pregnant",
    "my cousin fainted at the party",
    "my bestie has anxiety",
    "my girlfriend's lips swelled up",
    "my stepdad had a heart attack",
    "my coworker has blurry vision",
    "my mum's friend had jaundice",
    "my brother has muscle weakness on roaccutane",
    "my friend's hearing went muffled",
]
RECENT = [  # recent and maybe over: one question first
    "I had a fever yesterday",
    "I felt faint this weekend",
    "last night I had chest pain",
    "Last night, I had chest pain",
    "LAST NIGHT I HAD CHEST PAIN",
    "I had a really bad headache and blurry vision two days ago",
    "I threw up and had a pounding headache on Monday",
    "my knees were really sore last week",
    "I had diarrhoea the other day",
    "I had hives on Saturday",
    "my ears were ringing yesterday",
    "I felt really low at the weekend",
    "I had heartburn a few days ago",
    "it hurt to swallow yesterday",
    "I felt really weak yesterday",
    "3 days ago I had blurry vision",
    "I had a fever and chills overnight",
    "I blacked out last weekend",
    "a week ago my eyes were yellow",
    "I had bad stomach pain last night",
    "had a fever yday",
    "i had chest pain last nite",
    "I had chest pain this morning but it went away",
]
PRESENT_WITH_PAST = [  # a present flag in the same message still escalates
    ("I had depression years ago and now I'm feeling really low again", "urgent"),
    ("my friend was depressed and I want to kill myself", "emergency"),
    ("I had a fever last year and I have a fever again now", "urgent"),
    ("I used to get migraines but now I have a severe headache with blurry vision", "urgent"),
    ("years ago I had anxiety, but now I'm having panic attacks", "urgent"),
    ("I had chest pain last year and my chest hurts right now", "emergency"),
    ("I had a fever yesterday and I still have it", "urgent"),
    ("the chest pain from last night hasn't gone away", "emergency"),
    ("I had a fever yesterday and today", "urgent"),
    ("my mum had jaundice years ago, but now my own skin looks yellowish", "urgent"),
    ("I had a rash last week and now my skin is blistering and I have a fever", "emergency"),
    ("last week I felt low and I still feel low", "urgent"),
    ("I had hives last year, now my lips are swelling", "emergency"),
    ("I've had a fever since yesterday", "urgent"),
    ("everything has gone blurry in my left eye since this morning", "urgent"),
    ("I fainted this morning", "emergency"),
    ("my hearing went muffled yesterday", "urgent"),
    ("the whites of my eyes have gone yellow this week", "urgent"),
    ("my chest pain went away but it came back", "emergency"),
    ("I felt faint yesterday and it keeps happening", "emergency"),
    ("I was fine last week but now I can't breathe", "emergency"),
    ("I had a fever yesterday. I can't stop crying", "urgent"),
    ("I had a fever last year and again last week", "urgent"),  # "again" counts as now: recall first
    ("yeah my joints have been killing me this week", "urgent"),  # present perfect, this week
    ("my knees have been sore since yesterday", "urgent"),
    ("I fainted this week", "emergency"),
    ("I've been feeling faint the last couple of days", "emergency"),
]
IMMEDIATE = [  # never wait for a question, even when recent or said to be over
    ("I had a seizure last night", "emergency"),
    ("I took too many pills yesterday", "emergency"),
    ("I cut myself last night", "emergency"),
    ("pregnancy scare last week", "urgent"),
    ("I wanted to die yesterday but I'm ok now", "emergency"),
    ("my little brother swallowed my accutane yesterday", "emergency"),
    ("I had a seizure last night, first time ever", "emergency"),
    ("my period was late last week", "urgent"),
]
NEGATED = [
    "no fever",
    "I don't have blurry vision",
    "no heartburn",
    "my muscles aren't weak",
    "I'm not thirsty",
    "no diarrhoea",
    "no hives",
    "it doesn't hurt to swallow",
    "I never had a seizure",
    "no ringing in my ears",
    "I'm not hearing voices",
    "no chest pain and no fever",
    "my vision isn't blurry",
    "I haven't fainted",
    "no fever yesterday or today",
]
HYPOTHETICAL = [
    "can accutane cause blurry vision?",
    "will I get heartburn on isotretinoin?",
    "is muscle weakness a side effect?",
    "what if I get diarrhoea?",
    "I'm worried about getting hives",
    "what are the signs of high blood sugar",
    "can you get psychosis from accutane?",
    "I read that it can cause heartburn",
    "should I stop if I get blurred vision?",
    "is painful swallowing a side effect of roaccutane?",
]
BENIGN = [  # the new patterns' look-alikes
    "the photo is blurry",
    "I keep seeing spots on my chin",
    "I heard things get better after month two",
    "my hair feels weak",
    "the capsules are hard to swallow",
    "I drink loads of water because my lips are dry",
    "I can't stand my skin",
    "my night vision is a bit worse",
    "I'm used to the dry lips by now",
    "I started accutane 3 weeks ago",
    "I had my period last week",
    "my derm appointment was yesterday",
    "I'm thirsty for clear skin",
    "the pictures I took last night are blurry",
    "I took my dose yesterday",
]
LABEL_ITEMS = [  # the Medication Guide's other "stop and call" items, paraphrased and misspelt
    ("my vision is blurry", "vision_problems"),
    ("evrything is blurry", "vision_problems"),
    ("my eyesight has gone fuzzy", "vision_problems"),
    ("I'm seeing double since this morning", "vision_problems"),
    ("my eyes are dry and sore all the time", "vision_problems"),
    ("my eyes hurt so much", "vision_problems"),
    ("I can't see properly out of one eye", "sudden_hearing_vision_loss"),
    ("my ears keep ringing", "sudden_hearing_vision_loss"),
    ("ringing in my ears", "sudden_hearing_vision_loss"),
    ("I can't hear properly out of my right ear", "sudden_hearing_vision_loss"),
    ("my hearing has got worse", "sudden_hearing_vision_loss"),
    ("tinitus in both ears", None),  # typo beyond the word shape: documented miss
    ("bad rash and a high temperature", "blistering_skin_with_fever"),
    ("rash all over and I feel feverish", "blistering_skin_with_fever"),
    ("it hurts to swallow", "swallowing_problems"),
    ("swallowing is painful", "swallowing_problems"),
    ("it hurts when i swalow", "swallowing_problems"),
    ("food keeps getting stuck in my throat", "swallowing_problems"),
    ("new heartburn since I started", "heartburn"),
    ("my heartburn is much worse", "heartburn"),
    ("really bad acid reflux", "heartburn"),
    ("hartburn every night", "heartburn"),
    ("my muscles feel weak", "muscle_weakness"),
    ("muscle weakness in my legs", "muscle_weakness"),
    ("my legs feel like jelly", "muscle_weakness"),
    ("I can barely lift my arms", "muscle_weakness"),
    ("I'm always thirsty", "high_blood_sugar"),
    ("constantly thirsty and peeing loads", "high_blood_sugar"),
    ("I'm peeing all the time", "high_blood_sugar"),
    ("I have to get up at night to pee", "high_blood_sugar"),
    ("I've been hearing voices", "psychosis"),
    ("I keep seeing things that aren't there", "psychosis"),
    ("i think im hallucinating", "psychosis"),
    ("I have diarrhoea", "diarrhoea"),
    ("diarhea for three days", "diarrhoea"),
    ("I've got the runs", "diarrhoea"),
    ("I've come out in hives", "allergic_skin_reaction"),
    ("red patches on my legs", "allergic_skin_reaction"),
    ("I bruise really easily now", "allergic_skin_reaction"),
    ("severe bowel pain", "severe_stomach_pain"),
]

CASES = (
    [("past", t, None) for t in PAST]
    + [("resolved", t, None) for t in RESOLVED]
    + [("third_party", t, None) for t in THIRD_PARTY]
    + [("recent", t, "ask") for t in RECENT]
    + [("present_with_past", t, level) for t, level in PRESENT_WITH_PAST]
    + [("immediate", t, level) for t, level in IMMEDIATE]
    + [("negated", t, None) for t in NEGATED]
    + [("hypothetical", t, None) for t in HYPOTHETICAL]
    + [("benign", t, None) for t in BENIGN]
    + [("label_item", t, FLAG_LEVEL[code] if code else None) for t, code in LABEL_ITEMS]
)


def outcome(text: str):
    scan = detect(text)
    return scan.level or ("ask" if scan.to_ask else None)


@pytest.mark.parametrize("group,text,expected", CASES, ids=[f"{g}:{t[:40]}" for g, t, _ in CASES])
def test_context_table(group, text, expected):
    assert outcome(text) == expected, (group, text, detect(text))


@pytest.mark.parametrize("text,code", [(t, c) for t, c in LABEL_ITEMS if c])
def test_label_items_raise_their_code(text, code):
    assert code in detect(text).codes, detect(text)


def test_counts_for_the_report():
    """≥ 150 rows; recall on emergency+urgent rows and false escalations on the rest."""
    assert len(CASES) >= 150
    results = [(group, expected, outcome(text)) for group, text, expected in CASES]
    should = [r for r in results if r[1] in ESCALATE]
    caught = [r for r in should if r[2] in ESCALATE and (r[2] == "emergency" or r[1] == "urgent")]
    quiet = [r for r in results if r[1] is None]
    false_escalations = Counter(group for group, _, got in quiet if got in ESCALATE)
    asks = [r for r in results if r[1] == "ask"]
    print(f"\ncontext table: {len(CASES)} rows; recall emergency+urgent {len(caught)}/{len(should)}; "
          f"asks {sum(r[2] == 'ask' for r in asks)}/{len(asks)}; "
          f"false escalations {sum(false_escalations.values())}/{len(quiet)} {dict(false_escalations)}; "
          f"by group {dict(Counter(g for g, _, _ in results))}")
    assert len(caught) == len(should)
    assert not false_escalations


# --- The scan's fields ---------------------------------------------------------------------------
def test_a_recent_flag_is_unclear_with_its_level_and_evidence():
    scan = detect("last night I had chest pain")
    assert scan.flags == () and scan.level is None
    assert scan.to_ask.code == "chest_pain" and scan.to_ask.level == "emergency"
    assert scan.to_ask.evidence == "chest pain"


def test_nothing_is_asked_when_something_escalates_by_itself():
    scan = detect("I had a fever yesterday and my joints ache now")
    assert scan.level == "urgent" and scan.to_ask is None
    assert "systemic_symptoms" in scan.codes


def test_the_most_severe_recent_flag_is_the_one_asked_about():
    scan = detect("yesterday I felt really low and fainted")
    assert scan.to_ask.code == "fainting"
    assert {f.code for f in scan.unclear} == {"fainting", "mood_change"}


def test_past_codes_are_kept_for_the_clinician():
    scan = detect("I had depression years ago")
    assert scan.flags == () and scan.unclear == () and scan.past == ("mood_change",)


def test_someone_elses_recent_symptom_is_a_note_not_a_question():
    scan = detect("my mum had chest pain yesterday")
    assert scan.to_ask is None and scan.others == ("chest_pain",)


def test_a_combination_with_one_part_now_is_now():
    scan = detect("I have a bad headache now. I threw up yesterday")
    assert "severe_headache_vision" in scan.codes


def test_the_old_fields_keep_their_meaning():
    scan = detect("I want to kill myself")
    assert scan.codes == ("suicidal_thoughts",) and scan.unclear == () and scan.past == ()


# --- The rule as a pure function -------------------------------------------------------------------
@pytest.mark.parametrize("own,later,code,expected", [
    ({"present"}, [], "chest_pain", "now"),
    ({"recent"}, [], "chest_pain", "ask"),
    ({"old"}, [], "chest_pain", "past"),
    ({"recent", "old"}, [], "chest_pain", "ask"),
    (set(), [], "chest_pain", "now"),
    ({"recent"}, ["resolved"], "chest_pain", "past"),
    ({"today"}, ["resolved"], "chest_pain", "ask"),
    ({"today"}, [], "chest_pain", "now"),
    ({"recent"}, ["ongoing"], "chest_pain", "now"),
    ({"old"}, ["ongoing"], "mood_change", "now"),
    ({"recent"}, [], "suicidal_thoughts", "now"),
    ({"recent"}, ["resolved"], "overdose", "now"),
    ({"old"}, [], "seizure", "past"),
    ({"old", "recent"}, [], "pregnancy", "now"),
])
def test_timing_rule(own, later, code, expected):
    cues = [(kind, 0, 1) for kind in own] + [(kind, 10 + i, 11 + i) for i, kind in enumerate(later)]
    later_segments = [(10 + i, 11 + i) for i in range(len(later))]
    assert red_flag_time.timing(code, (0, 5), later_segments, cues, frozenset()) == expected


def test_a_later_segment_with_its_own_finding_does_not_reach_back():
    cues = [("recent", 0, 1), ("resolved", 10, 11)]
    assert red_flag_time.timing("chest_pain", (0, 5), [(10, 12)], cues, frozenset({(10, 12)})) == "ask"


def test_a_negated_resolution_means_it_goes_on():
    words = ["it", "has", "not", "gone", "away"]
    assert red_flag_time.settle([("resolved", 3, 5)], words, frozenset({"not"})) == [("ongoing", 3, 5)]


def test_a_cue_inside_a_longer_one_does_not_count():
    words = ["i", "am", "fine", "now"]
    assert red_flag_time.settle([("present", 3, 4), ("resolved", 2, 4)], words, frozenset()) == [("resolved", 2, 4)]


# --- Sources -------------------------------------------------------------------------------------
def test_every_code_names_its_label_source():
    assert set(LABEL_SOURCES) == set(FLAG_LEVEL)
    assert all(source.strip() for source in LABEL_SOURCES.values())


def test_new_label_codes_are_urgent():
    new = {"vision_problems", "swallowing_problems", "heartburn", "muscle_weakness", "high_blood_sugar", "psychosis",
           "diarrhoea", "allergic_skin_reaction"}
    assert new <= set(URGENT_CODES)


# --- Hostile input ----------------------------------------------------------------------------------
def test_a_present_flag_far_after_a_wall_of_past_cues_is_found():
    text = "years ago I had a fever, " * 300 + "and now I want to kill myself"
    assert detect(text).level == "emergency"


def test_a_past_cue_in_another_sentence_does_not_hide_a_present_flag():
    assert detect("I had a fever last year. My chest hurts.").level == "emergency"


@pytest.mark.parametrize("text,expected", [
    ("I had a fever yesterday 🤒🤒🤒", "ask"),
    ("😭 last night I had chest pain 😭", "ask"),
    ("i UsEd To HaVe AnXiEtY yEaRs AgO", None),
    ("I had depression years ago 😔 and now I'm feeling really low again 😔", "urgent"),
    ("<b>last night</b> I had chest pain", "ask"),
    ("I had a fever last\u00a0year", None),
    ("I had a fever\u200b yesterday", "ask"),
    ("my friend\n was depressed\nand I want to kill myself", "emergency"),
    ("years ago years ago years ago I had chest pain but now my chest hurts", "emergency"),
    ("I'm fine now I'm fine now and I can't breathe", "emergency"),
])
def test_hostile_context(text, expected):
    assert outcome(text) == expected, detect(text)


def test_many_recent_flags_scan_fast():
    text = ("I had chest pain yesterday but it went away, my friend was depressed years ago. " * 120)[:10_000]
    started = time.process_time()
    scan = detect(text)
    assert time.process_time() - started < 1.0
    assert scan.flags == ()
