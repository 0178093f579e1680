#!/usr/bin/env python3
"""Writes the golden corpus messages (Tests/Golden/messages.txt) to standard output.

Every message comes from the templates below, in the repository's own words: people, verbs,
tenses, negations, clause breaks, emoji, curly apostrophes, ALL CAPS, texting spellings, long
messages, neutral uses of trigger words, and every category including crisis wording. The seed
is fixed, so the same script always writes the same file; `scripts/golden` runs it.
"""

import random

SEED = 20261202
TARGET = 2400
BROKEN_GAP_COUNT = 200

rng = random.Random(SEED)

# People: the partner addressed, third persons close to the writer, and names.
YOU = ["you", "u"]
THIRD = [
    ("he", "him", "his", "s"), ("she", "her", "her", "s"), ("they", "them", "their", ""),
    ("my husband", "him", "his", "s"), ("my wife", "her", "her", "s"), ("my partner", "them", "their", "s"),
    ("my boyfriend", "him", "his", "s"), ("my girlfriend", "her", "her", "s"), ("my fiancée", "her", "her", "s"),
    ("my fiance", "him", "his", "s"), ("my ex", "them", "their", "s"), ("my mum", "her", "her", "s"),
    ("my dad", "him", "his", "s"), ("my brother", "him", "his", "s"), ("my sister", "her", "her", "s"),
    ("my bf", "him", "his", "s"), ("my gf", "her", "her", "s"), ("my hubby", "him", "his", "s"),
    ("Sam", "them", "their", "s"), ("Priya", "her", "her", "s"), ("Tomasz", "him", "his", "s"),
    ("my flatmate", "them", "their", "s"), ("my stepdad", "him", "his", "s"),
]

EMOJI = ["😔", "🙄", "😂", "❤️", "👍🏽", "😢", "🤷‍♀️", "😡", "🙏", "💔", "😬", "🥲"]
OPENERS = ["", "", "", "honestly ", "so ", "idk, ", "ok so ", "Well, ", "Can I tell you something? ", "ugh ", "lol ", "tbh "]
ENDINGS = ["", "", "", ".", "!", "?", "...", "…", " lol", " haha", " again", " every single time", " and I'm tired"]
BREAKS = [", ", ". ", "; ", " - ", " — ", "… ", "! ", "? ", ": ", " (", "\u2026", " but ", " and ", " so ", " because "]

# Each entry: a phrase for a person ({p} subject, {o} object, {h} possessive, {s} the verb's -s).
CATEGORY_PREDICATES = {
    "criticism": [
        "{p} never listen{s} to me", "{p} always do{es} this when we have plans", "{p} never help{s} with the dishes",
        "{p} always criticise{s} the way I cook", "{p} told me I'm useless", "{p} say{s} I'm lazy and selfish",
        "{p} keep{s} telling me I can't do anything right", "{p} always find{s} something wrong with me",
        "{p} never think{s} about anyone but {h}self", "{p} said I'm a terrible mother", "{p} always pick{s} on my clothes",
        "what is wrong with {o}", "why {are} {p} always so late",
    ],
    "contempt": [
        "{p} called me an idiot in front of {h} friends", "{p} roll{s} {h} eyes every time I talk",
        "{p} mock{s} the way I talk", "{p} laughed at me when I cried", "{p} make{s} fun of my anxiety",
        "{p} said I'm pathetic", "{p} sneer{s} at everything I say", "{p} called me stupid again",
        "{p} looked at me with disgust", "{p} said yeah right and walked off", "whatever",
    ],
    "defensiveness": [
        "it's not my fault", "{p} always say{s} it's not {h} fault", "yeah but you do it too",
        "what about when you ignored my calls", "I only said that because I was exhausted",
        "{p} turn{s} everything around on me", "I didn't do anything wrong", "{p} never admit{s} {p_is} wrong",
        "{p} play{s} the victim every time we argue", "{p} always make{s} excuses",
    ],
    "withdrawal": [
        "{p} just walk{s} out when we argue", "{p} hasn't spoken to me for three days", "{p} give{s} me the silent treatment",
        "I just shut down when {p} raise{s} {h} voice", "{p} won't talk about it", "{p} change{s} the subject whenever I bring up money",
        "{p} {has} been so distant lately", "{p} ignore{s} my texts whenever we fight", "{p} went quiet and left the room",
        "{p} stonewall{s} me for days",
    ],
    "unheard": [
        "{p} scroll{s} {h} phone while I'm talking", "{p} watch{es} TV whenever I try to open up",
        "{p} doesn't listen to a word I say", "I feel invisible in my own home", "it's like talking to a wall",
        "{p} cut{s} me off every time I speak", "{p} {is} glued to {h} phone when I tell {o} things",
        "{p} never hear{s} what I'm saying",
    ],
    "unreliable": [
        "{p} said {p} would pick me up and didn't", "{p} never keep{s} {h} word", "{p} broke another promise this week",
        "{p} cancelled on me again", "{p} always cancel{s} our plans last minute", "I can't count on {o} for anything",
        "{p} {is} always late and it makes me feel unimportant", "{p} blow{s} hot and cold", "{p} lied to me about the money",
        "{p} cheated on me with a coworker",
    ],
    "boundaries": [
        "{p} check{s} my phone every night", "{p} went through my messages while I was in the shower",
        "{p} want{s} all my passwords", "{p} track{s} my location all day", "{p} won't let me see my friends",
        "{p} get{s} really upset when I go out without {o}", "I asked {o} for space and {p} keep{s} texting me anyway",
        "{p} won't leave me alone", "{p} read{s} my diary", "{p} control{s} all the money",
    ],
    "unsafe": [
        "I feel like I'm walking on eggshells around {o}", "I never know when {p} {is} going to snap",
        "I'm scared to tell {o} I want to go back to school", "I'm afraid of how {p} will react if I say no",
        "I'm terrified {p} will get angry if I bring it up", "I can't be myself around {o}",
        "I hide things from {o} to keep the peace", "I'm scared of {o}",
    ],
    "positive": [
        "I feel safe with {o}", "{p} really get{s} me", "{p} always make{s} me laugh", "I'm so proud of {o}",
        "I'm really grateful for {o}", "we talked it through last night and we're okay now", "{p} apologised and we made up",
        "{p} said {p} {is} proud of me", "{p} listened to me all evening", "{p} supports me no matter what",
    ],
    "crisis": [
        "{p} hit me last night", "{p} hits me when {p} {is} drunk", "{p} slapped me across the face",
        "{p} had {h} hands around my neck", "{p} choked me and I blacked out", "{p} said {p} would kill me if I ever left",
        "{p} threatened to kill me", "{p} won't let me leave the house", "{p} locked me in the room all night",
        "{p} pushed me down the stairs", "I want to kill myself", "I don't want to live anymore", "I've been cutting myself again",
        "I'm thinking about ending it all", "{p} threatened to share my photos", "{p} forced me to have sex",
        "I'm tired of living", "{p} kicked me in the stomach", "{p} beat me up",
    ],
}

# Wording that changes the meaning: negation, hypotheticals, jokes, quotes, hedges.
GUARDS = [
    "I'm not saying {c}", "I'm not saying {c}, but {c2}", "what if {c}", "maybe {c}", "{c} just kidding",
    "{c} lol", "I don't think {c}", "it's not like {c}", "{c}, or at least that's how it feels",
    "I would never say {c}", "in the film {c}", "my friend said {c}", "I used to think {c}",
    "{c} but honestly I'm not sure", "I'm worried that {c}", "I never said {c}",
]

# Trigger words in harmless places.
NEUTRAL = [
    "I hit the gym this morning", "this traffic is killing me", "my phone died before I could call",
    "I checked my phone for the weather", "we watched a show about walking on eggshells", "the film never ends",
    "I always forget my keys", "he never eats mushrooms", "she said the meeting was cancelled",
    "my laptop froze again", "the kids made fun of the snowman we built", "I'm proud of my garden",
    "the dog ignored me all afternoon", "I cut myself a slice of cake", "my boss cancelled the review",
    "the silent disco was great", "we made up a new recipe", "I'm dying to see that show",
    "he was late because of the train", "my sister's wedding is in June", "I punched in the code at the door",
    "the shop was out of milk", "we argued about pizza toppings, it was funny", "my mum called about Sunday lunch",
    "they locked the office early", "I feel safe driving in the rain", "nothing much happened today",
    "can you recommend a book about sleep", "it's raining again", "my brother beat me at chess",
    "she kills it at karaoke", "I'm not saying much today", "the kettle is broken", "we're going hiking",
    "my flatmate left the window open", "the cat knocked over my plant", "work was fine I guess",
]

TEXTING = [("you", "u"), ("your", "ur"), ("boyfriend", "bf"), ("girlfriend", "gf"), ("because", "cuz"),
           ("don't", "dont"), ("I'm", "im"), ("never", "neverrrr"), ("always", "alwayssss"), ("can't", "cant")]


def conjugate(template, person):
    """Fills a predicate for one person, agreeing the verb."""
    subject, obj, possessive, ending = person
    plural = ending == ""
    text = template
    text = text.replace("{es}", "" if plural else "es")
    text = text.replace("{s}", ending)
    text = text.replace("{is}", "are" if plural else "is").replace("{are}", "are" if plural or subject == "you" else "is")
    text = text.replace("{has}", "have" if plural else "has").replace("{p_is}", "they are" if plural else "he is")
    text = text.replace("{o}", obj).replace("{h}", possessive).replace("{p}", subject)
    return text


def you_person():
    return (rng.choice(YOU), "you", "your", "")


def person():
    return you_person() if rng.random() < 0.3 else rng.choice(THIRD)


def clause(category=None):
    category = category or rng.choice(list(CATEGORY_PREDICATES))
    return conjugate(rng.choice(CATEGORY_PREDICATES[category]), person())


def dress(message):
    """Typing styles: curly apostrophes, capitals, texting spellings, emoji, openers and endings."""
    roll = rng.random()
    if roll < 0.15:
        message = message.replace("'", "\u2019")
    elif roll < 0.22:
        message = message.replace("n't", "nt")
    if rng.random() < 0.15:
        for word, short in rng.sample(TEXTING, 2):
            message = message.replace(word, short)
    message = rng.choice(OPENERS) + message + rng.choice(ENDINGS)
    if rng.random() < 0.2:
        message += " " + rng.choice(EMOJI)
    if rng.random() < 0.05:
        message = rng.choice(EMOJI) + " " + message
    roll = rng.random()
    if roll < 0.08:
        message = message.upper()
    elif roll < 0.18:
        message = message.lower()
    elif roll < 0.25:
        message = message[:1].upper() + message[1:]
    return message


def joined(parts):
    message = parts[0]
    for part in parts[1:]:
        separator = rng.choice(BREAKS)
        message += separator + part + (")" if separator == " (" else "")
    return message


def family_single():
    category = rng.choice(list(CATEGORY_PREDICATES))
    return clause(category)


def family_pair():
    return joined([clause(), clause()])


def family_guarded():
    return rng.choice(GUARDS).replace("{c2}", clause()).replace("{c}", clause())


def family_neutral():
    if rng.random() < 0.3:
        return joined([rng.choice(NEUTRAL), rng.choice(NEUTRAL)])
    return rng.choice(NEUTRAL)


def family_neutral_with_pattern():
    parts = [rng.choice(NEUTRAL), clause()]
    rng.shuffle(parts)
    return joined(parts)


def family_long():
    """Four to eight clauses, some run together without punctuation."""
    parts = [clause() if rng.random() < 0.6 else rng.choice(NEUTRAL) for _ in range(rng.randint(4, 8))]
    if rng.random() < 0.4:
        return " and then ".join(parts)
    return joined(parts)


def family_gap():
    """A few extra words inside a pattern: 'you never really seem to listen'."""
    fillers = ["really", "ever", "just", "actually", "honestly", "even", "at all", "for once", "really ever actually"]
    words = clause().split(" ")
    if len(words) > 2:
        at = rng.randint(1, len(words) - 1)
        words.insert(at, rng.choice(fillers))
    return " ".join(words)


# Wording a phrase with `...` would match within one clause, cut by a clause break: a phrase
# never spans clauses, so none of these may match the way the unbroken wording does.
BROKEN_GAPS = [
    ("{p} never", "listen{s} to me"), ("{p} always", "help{s} out"), ("{p} cancelled on me", "again"),
    ("{p} promised", "but then forgot"), ("{p} threw my phone", "against the wall"), ("{p} watch{es} TV", "while I talk"),
    ("one minute {p} {is} sweet", "the next minute"), ("when I open up", "{p} start{s} scrolling"),
    ("{p} said", "it was not good enough"), ("I caught {o}", "cheating"), ("{p} keep{s} texting me", "even after I said stop"),
    ("I blocked {h} number", "but {p} still call{s}"), ("{p} constantly", "notice{s} the little things"),
    ("when I talk", "{p} {is} scrolling"), ("{p} said {p} would call", "but never did"),
]


def family_broken_gap(random_source):
    left, right = random_source.choice(BROKEN_GAPS)
    chosen = you_person() if random_source.random() < 0.3 else random_source.choice(THIRD)
    filler = random_source.choice(["", "", "ok ", "honestly ", "I mean "])
    separator = random_source.choice([", ", ". ", "; ", " - ", "! ", "? ", "… "])
    message = conjugate(left, chosen) + separator + filler + conjugate(right, chosen)
    # The same words without the break, as a control.
    return message if random_source.random() < 0.8 else conjugate(left + " " + right, chosen)


FAMILIES = [
    (family_single, 30), (family_pair, 14), (family_guarded, 16), (family_neutral, 12),
    (family_neutral_with_pattern, 8), (family_long, 6), (family_gap, 14),
]


def main():
    weighted = [family for family, weight in FAMILIES for _ in range(weight)]
    seen = set()
    messages = []
    # Every predicate of every category once, plainly, so each rule family is covered.
    for category, predicates in CATEGORY_PREDICATES.items():
        for template in predicates:
            for chosen in (you_person(), rng.choice(THIRD)):
                message = conjugate(template, chosen)
                if message not in seen:
                    seen.add(message)
                    messages.append(message)
    while len(messages) < TARGET:
        message = dress(rng.choice(weighted)())
        message = " ".join(message.split(" ")) if "\n" not in message else message.replace("\n", " ")
        if message.strip() and message not in seen:
            seen.add(message)
            messages.append(message)
    # Clause breaks inside `...` gaps, from a generator of their own so the messages above stay as they are.
    broken = random.Random(SEED + 1)
    while len(messages) < TARGET + BROKEN_GAP_COUNT:
        message = family_broken_gap(broken)
        if message not in seen:
            seen.add(message)
            messages.append(message)
    for message in messages:
        print(message)


if __name__ == "__main__":
    main()
