"""The rule tables of quote extraction and speaker naming: marks, cues, roles, word lists, limits.

Word lists are tuples written once each (a test checks that no entry repeats and that no list
is copied into another module); the code derives the sets it looks words up in. Numbers that
bound the work or tune a heuristic are named here, not written inside functions.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- quote marks -------------------------------------------------------------------------
OPENERS = ("“", "„", "``", "«", "〝")
CLOSERS = ("”", "''", "»", "〞", "〟")
STRAIGHT = ('"', "＂")  # the ASCII mark and its full-width look-alike toggle
# `„…“` (German-style): after `„` the mark `“` closes the quote instead of opening one.
LOW_OPENER = "„"
# A quote longer than this inside one paragraph is almost surely an unbalanced mark (news
# paragraphs run to ~600 characters; quotes that long are split over paragraphs).
MAX_QUOTE_CHARS = 1_500

# --- cues ----------------------------------------------------------------------------------
# Speech and report verbs of news attribution (PolNeAR's most frequent cues in train, plus the
# Gender Gap Tracker's quote-verb list).
SPEECH_CUES = _words(
    "say says said saying tell tells told telling add adds added adding warn warns warned warning "
    "insist insists insisted insisting note notes noted stress stresses stressed argue argues argued "
    "claim claims claimed reiterate reiterates reiterated explain explains explained announce announces "
    "announced state states stated acknowledge acknowledges acknowledged admit admits admitted suggest "
    "suggests suggested predict predicts predicted contend contends contended maintain maintains "
    "maintained assert asserts asserted allege alleges alleged confirm confirms confirmed deny denies "
    "denied report reports reported write writes wrote tweet tweets tweeted testify testifies testified "
    "concede concedes conceded complain complains complained caution cautions cautioned emphasize "
    "emphasizes emphasized emphasise emphasised declare declares declared ask asks asked reply replies "
    "replied respond responds responded continue continues continued recall recalls recalled "
    "promise promises promised vow vows vowed pledge pledges pledged urge urges urged "
    "counter counters countered quip quipped joke joked remark remarked observe observes observed "
    "repeat repeats repeated affirm affirms affirmed exclaim exclaims exclaimed chant chanted conclude "
    "concludes concluded wonder wonders wondered shout shouted yell yelled echo echoed post posts posted "
    "mention mentions mentioned boast boasts boasted lament laments lamented retort retorted scoff scoffed "
    "plead pleaded recount recounted quote quoted writing asking noting explaining "
    "stating declaring tweeting arguing muse muses mused beamed interject interjects interjected"
)
# Verbs that introduce a quoted fragment as their object (partial quotes only).
FRAGMENT_CUES = _words(
    "describe describes described call calls called welcome welcomes welcomed brand branded "
    "dub dubbed label labelled labeled characterize characterized characterise characterised "
    "threaten threatens threatened demand demands demanded criticize criticized slam slammed "
    "decry decried hail hailed praise praised blast blasted accuse accused"
)
# Cues after which a quoted clause reaching the end of the sentence is a full quote (`X said "…"`).
INTRODUCING_CUES = _words(
    "say says said tell tells told add adds added insist insists insisted write writes wrote "
    "declare declares declared state states stated tweet tweeted ask asked warn warns warned "
    "explain explained reply replied respond responded continue continued saying writing telling "
    "adding tweeting"
)
# Words between an introducing cue and its quote: `said that "…"`, `told reporters "…"`.
INTRODUCING_OBJECTS = _words("that reporters me us him her")
# Cues that may be inverted after a quote or content (`"…," said X`).
INVERTIBLE_CUES = _words(
    "say says said add adds added ask asks asked write writes wrote continue continued explain explained "
    "reply replied warn warned insist insisted note noted"
)
ACCORDING_TO = "according to"
MULTIWORD_CUES = (ACCORDING_TO, "pointed out")
# Cues that are no speech before `to` (`news … continued to dominate the headlines`).
CUES_NOT_BEFORE_TO = _words("continue continues continued")
CAPITALISED_CUE_HEADS = ("According",)  # a cue that may open a sentence
# Cue forms that are also plural nouns (`such claims`, `the United States`): need a name or pronoun subject.
AMBIGUOUS_CUES = _words(
    "claims calls report reports state states demands promises pledges vows urges notes counters remarks tweet "
    "tweets post posts quote"
)
CUE_COMMA_WORDS = 5  # `told the Reuters news agency simply, "…"`: the cue within this many words of the comma
COMMA_INTRODUCERS = _words("statement it reads read tweet post interview")  # `as X put it, "…"`

# --- noun phrases next to a cue ----------------------------------------------------------------
# Auxiliaries and adverbs between a subject and its cue (`Trump has also said`).
SKIPPED_BEFORE_CUE = _words(
    "has have had also later then previously again once further repeatedly publicly quickly recently "
    "would will could may might did does do is was were are been being just already still often "
    "privately separately first last earlier never not long since now must should can shall"
)
# A time phrase opening a subject (`Last month Spotify said`) is no part of the speaker.
TIME_PHRASE_OPENERS = _words("last this next")
TIME_PHRASE_NOUNS = _words("week weekend month year night morning summer spring autumn fall winter")
# Words that end a subject noun phrase when scanning backwards from the cue.
STOP_WORDS = _words(
    "that and but or as which who whom whose when while because if since so than then after before "
    "where what how why to in on at for with from by into about over under against during between among "
    "through across around near behind beyond within without toward towards upon via amid "
    "is was were are be been being has have had do does did will would could should can may might "
    "not no this these those there here it's said says say told according also though although"
)
DETERMINERS = _words("a an the")
PRONOUNS = _words("he she they it we i you")
PERSON_PRONOUNS = _words("he she")
DAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight recently earlier later "
    "hours minutes days weeks months moments"
)  # `said hours before the summit`: a time, no inverted subject
# Role words: capitalised titles that are not part of a person's name.
ROLE_WORDS = _words(
    "secretary general president vice minister prime foreign defense defence deputy chief spokeswoman "
    "spokesman spokesperson ambassador director senator sen. sen rep. rep representative governor gov. "
    "gov mayor chairman chairwoman chair ceo head leader official negotiator candidate nominee "
    "speaker judge justice attorney adviser advisor aide commissioner gen. gen "
    "colonel col. lt. lieutenant admiral adm. professor prof. dr. dr "
    "former acting senior state white house republican democratic democrat gop press campaign "
    "manager chairperson executive officer analyst strategist pollster correspondent reporter "
    "presidential majority minority whip sheriff police commander captain sgt. king queen prince "
    "pope rev. father sister brother state's congressman congresswoman chancellor envoy editor "
    "host anchor columnist economist historian founder president-elect premier"
)
# Apostrophe forms seen in possessives (`Biden‘s` with a left quote, `Biden´s` with an acute accent).
APOSTROPHES = "'’‘´`"
NAME_SUFFIXES = _words("Jr. Jr Sr. Sr II III IV")  # `Brent Bozell III`
# Honorifics are neither names nor roles: they tell people sharing a surname apart (`Mrs. Trump`).
MALE_HONORIFICS = _words("Mr. Mr Sir")
FEMALE_HONORIFICS = _words("Mrs. Mrs Ms. Ms Miss Madam")
# Words that open a sentence but are no part of a name (`And Trump said`, `That's Trump`).
SENTENCE_OPENERS = _words(
    "And Yet But So Or Nor Then Now On In At As If Also Still However Meanwhile Later Earlier Today "
    "Yesterday Last This That That's That’s It's It’s There Here When While After Before Since Asked "
    "Speaking Instead Indeed Even Only Just Why How What Where Who Whom Hours Days Minutes Moments "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December Dear Fellow More Most Many Some Every Each Several "
    "Other Another Such Both All No Not Despite During Following Under Over Without With For From By To Of "
    "Among Through Amid Like Unlike Although Though Because Once Until Unless Whether Whatever Whoever "
    "Does Do Did Is Was Are Were Has Have Had Will Would Can Could Should Ahead Outside Inside Beyond "
    "Against Around Near Next Shortly Soon Afterward Afterwards Overall Separately Similarly Likewise "
    "Nonetheless Nevertheless Moreover Furthermore Additionally Finally Ultimately Eventually Recently "
    "Currently Previously Initially Again First Second Third Thank Thanks Please Let Our Their His Her Its My Your"
)
# Prepositions inside a role: `Ambassador to Russia Jon Huntsman` (the place is the role's object).
ROLE_PREPOSITIONS = _words("to of for at in from")
# A name ending with one of these is an organisation (`the Justice Department`, `Komsomolskaya Pravda`).
ORGANISATION_HEADS = _words(
    "Department Ministry Committee Agency Office Council Court Party Times Post News Service Bureau "
    "Commission Administration Embassy Government Parliament Duma Senate Congress Kremlin Pentagon Union "
    "Organization Organisation Institute University Center Centre Foundation Network Group Company "
    "Corporation Inc. Ltd Bank Fund Association Journal Tribune Herald Press Channel Television TV Radio "
    "Poll Board Police Army Navy Forces Command Campaign Cabinet Assembly Federation Alliance Coalition "
    "Caucus Club Society League Daily Gazette Telegraph Guardian Mail Reuters Pravda Izvestia Sanomat "
    "Media Magazine Review Broadcasting Authority Directorate Republicans Democrats House Nations Affairs "
    "Xinhua Interfax Yonhap Kyodo Novosti Axios Politico"
)
# A name ending with one of these is a place (`Senate Square`, `Red Square`, `Trump Tower`).
PLACE_HEADS = _words(
    "Square Street Avenue Road Boulevard Palace Park Airport Station Hall Tower Bridge Plaza Building Hotel "
    "Island Islands River Valley County Province Region Bay Sea Ocean Mountains Castle Cathedral Stadium Arena"
)
# A role noun that makes the name after it an organisation (`newspaper Komsomolskaya Pravda`).
ORGANISATION_ROLES = _words(
    "newspaper broadcaster agency network channel outlet daily website tabloid magazine station group "
    "company firm ministry paper"
)
# Head nouns of descriptions that stand for one person holding a role (`the Russian president`,
# `the Kremlin spokesman`): resolved to the person the article, else the corpus, names with it.
PERSON_ROLE_HEADS = _words(
    "president spokesman spokeswoman spokesperson adviser advisor minister ambassador secretary chancellor "
    "premier envoy director chief leader governor senator mayor counsel attorney-general king queen pope "
    "speaker chairman chairwoman prime-minister official"
)
# Role heads that are also surnames (`Angus King`, `Steve King`): a name may end with them.
ROLE_HEADS_ALSO_SURNAMES = _words("king queen pope speaker")
# Words opening a noun clause: `What President Trump says is false` attributes nothing.
FREE_RELATIVES = _words("what whatever anything everything nothing")  # `Anything Trump says …`: a noun clause
# Things that carry words but are no speakers (`the indictment says`, `a sign read`): the quote
# keeps its mention and has no speaker.
# Founding texts, written capitalised (`the Constitution says`): never a person's name.
DOCUMENT_NAMES = _words("constitution amendment charter treaty bible koran quran")
DOCUMENT_NOUNS = (
    _words(
        "indictment indictments report reports statement document documents memo email emails letter filing "
        "complaint lawsuit affidavit transcript video sign signs banner banners placard placards poster posters "
        "headline summit meeting article story"
    )
    + DOCUMENT_NAMES
)
# A share of people is no speaker (`33 percent overall say …`): a poll's figure, not a source.
SHARE_SUBJECT = r"^\d[\d.,]*\s*(?:%|percent\b|per\s+cent\b)"
# `the paper reported`: the news organisation the article named last.
MEDIA_NOUNS = _words("paper newspaper daily tabloid broadcaster network channel outlet magazine station website")
# Where a description's head noun ends: `source with knowledge of the discussions` → `source`.
DESCRIPTION_HEAD_ENDS = _words("with familiar close who that of on in for to from at by")
# Words that tell a person's sex (`Paulina Pepaola, a Finnish woman`, `spokeswoman`): `she` is never
# a person known to be a man (`Mr. Trump`), nor `he` a woman.
FEMALE_WORDS = _words(
    "woman mother wife daughter sister girl grandmother spokeswoman chairwoman congresswoman businesswoman "
    "actress queen widow"
)
MALE_WORDS = _words(
    "man father husband son brother boy grandfather spokesman chairman congressman businessman actor king widower"
)
# A description with this head names the holder of any of these roles (`the Russian leader` is
# Russia's president or prime minister).
LEADER_ROLE_HEADS = _words("president premier chancellor prime-minister king queen leader")
# Head nouns of a person described by an organisation (`the top Democrat on the committee`, `a
# spokesman for the Kremlin`): the phrase after the preposition is no speaker of its own.
PARTY_MEMBERS = _words("democrat democrats republican republicans")
DESCRIBED_PERSON_HEADS = PARTY_MEMBERS + _words(
    "member members head chief spokesman spokeswoman spokesperson "
    "official officials aide aides adviser advisers advisor lawyer lawyers attorney director chairman "
    "chairwoman leader leaders source sources representative representatives envoy ambassador minister "
    "secretary president executive analyst analysts expert experts researcher researchers"
)
# Heads describing someone by a person named after a preposition (`a spokesman for Putin`, `a
# political opponent of Trump`): the description speaks, never the person named. (Titles such as
# `Secretary of State Mike Pompeo` name the person after them, so they are not here.)
DESCRIBED_BY_OTHER_HEADS = _words(
    "spokesman spokeswoman spokesperson aide aides adviser advisers advisor advisors lawyer lawyers "
    "attorney attorneys source sources ally allies opponent opponents critic critics rival rivals "
    "supporter supporters friend friends associate associates"
)
# Pronouns never name a speaker (resolved within the article or left null).
NON_NAME_PRONOUNS = _words("he she it they we i you his her him them their its us me one")
# Places: a place is no speaker and no part of a person's name (countries and cities come from the
# time-zone database pytz ships; the rest are written here).
PLACES = _words(
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho "
    "Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota "
    "Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah "
    "Vermont Virginia Washington Wisconsin Wyoming Europe Asia Africa America Britain England Scotland "
    "Wales Russia Crimea Kiev Kyiv Moscow Brussels Beijing Tehran Damascus Philadelphia Turnberry Glasgow "
    "Helsinki Hamburg Singapore Pyongyang Seoul Tokyo Berlin Paris London Washington, D.C. U.S. US USA UK "
    "EU Kremlin's"
)
MULTIWORD_PLACES = (
    "United Kingdom",
    "United States",
    "United States of America",
    "Great Britain",
    "North Korea",
    "South Korea",
    "New York",
    "Saudi Arabia",
    "New Zealand",
)
NATIONALITIES = _words(
    "American Russian British English Scottish Finnish French German Chinese Japanese Korean Ukrainian "
    "Syrian Iranian Israeli Turkish Polish Swedish Norwegian Danish Dutch Belgian Italian Spanish "
    "Canadian Mexican Indian Pakistani Saudi Iraqi Afghan Egyptian European Estonian Latvian Lithuanian "
    "Georgian Belarusian Hungarian Czech Austrian Swiss Greek Irish Australian Brazilian Venezuelan "
    "Cuban Soviet Western Eastern"
)
# When several full names share a surname, a bare surname joins the most quoted one only when it
# has at least this many times the quotes of the next (`Trump` → `Donald Trump`, not `Melania Trump`).
DOMINANT_NAME_RATIO = 2.0
# A `she` resolved to a speaker the corpus calls `he` this many times as often (and at least
# MIN_PRONOUN_QUOTES times) is a wrong resolution (`she` → Donald Trump: 9 against 399).
PRONOUN_AGREEMENT_RATIO = 5
MIN_PRONOUN_QUOTES = 10
NAME_PARTICLES = _words("de del der van von la le da di bin al el")
ABBREVIATIONS = _words(
    "gov sen rep lt gen dr mr mrs ms jr sr st col capt sgt rev adm maj cmdr supt insp prof pres atty "
    "u.s u.n u.k d r i calif ariz fla ga ill mass mich minn nev n.j n.y pa tex va wash wis conn md mo tenn"
)
NOT_SPEAKER_HEADS = _words(
    "such many much more most some all both each either neither what who whoever anyone someone everyone "
    "nobody none those these others idea"
)
# `a person familiar with the matter`, `people close to the talks`: the phrase runs on.
RUN_ON = {"familiar": "with", "close": "to"}
MAX_SPEAKER_TOKENS = 10
ADJACENT_CUE_CHARS = 3  # a speech cue this close to a quote (`"…," says a source`) makes it a quote even unnamed
MAX_LABEL_WORDS = 8  # `Former secretary of state Hillary Rodham Clinton: "…"` (a transcript's speaker label)
KIND_CONTEXT_CHARS = 200  # what a quote's kind is read from either side (`, X said.` / `X told reporters`)
MAX_NEARBY_QUOTES = 8  # quotations read either side of one (their text is replaced by QUOTE)
MAX_CUE_DISTANCE = 400  # characters between a quote and a cue that can attribute it
CONTEXT_WINDOW_CHARS = 1_000  # of a long sentence, only this much either side of a quote is read
PHRASE_WINDOW_CHARS = 300  # a speaker phrase is at most MAX_SPEAKER_TOKENS words: look no further
MAX_ATTRIBUTION_WORDS = 14  # a sentence that is only `X said on Twitter.`
MAX_APPOSITION_WORDS = 16  # `Brian Fallon, a spokesman for the Clinton campaign, said`
SURNAME_LOOKBACK_CHARS = 40  # `First Surname`: the first name is within this many characters before the surname
FIRST_NAME_WORDS = 2  # at most this many words before a surname make its full name
MAX_ROLE_WORDS_BEFORE_NAME = 4
MAX_EMBEDDED_WORDS = 8  # `said that Trump should tell`: a cue this close after another is in its reported clause  # `said Clinton's top foreign policy aide Jake Sullivan`

# --- indirect speech and continuation ----------------------------------------------------------
MIN_INDIRECT_WORDS = 4
MAX_TRAILING_WORDS = 8  # words after an inverted cue at sentence end (`…, X said on Tuesday.`)
# Continuation: a quote with no cue continues the speaker of a quote this many paragraphs back.
CONTINUATION_PARAGRAPHS = 1
RECENT_TEXTS = 16  # sentences and quotation contexts whose cue words are remembered
NAME_CACHE_SIZE = 16_384  # names and phrases whose tests (person? junk? kind?) are remembered: a corpus repeats them
SENTENCE_MEMO_SIZE = 65_536  # sentences whose cue reading (text only, no article memory) is remembered per process

# --- the same quote across outlets ----------------------------------------------------------------
NEAR_QUOTE_RATIO = 88  # rapidfuzz ratio of normalised quotes that are "the same quote"
CLUSTER_BLOCK_TOKENS = 3
MAX_BLOCK_COMPARISONS = 30

# --- what is no quotation ------------------------------------------------------------------------
# A partial quote of at most this many words, every word of TITLE_WORD_LETTERS letters or more
# capitalised, is a title or a name (`the "Helsinki Calling" march`, ABC's "This Week").
MAX_TITLE_WORDS = 6
TITLE_WORD_LETTERS = 4
TERM_INTRODUCERS = ("so-called", "so called")  # `the so-called "deep state"`: a term, not a quote
# `what critics call a "global gag rule"`, `known as "…"`: a name for something, not a quotation.
TERM_PHRASES = r"(?:\bwhat\s+(?:\w+\s+){1,3}(?:calls?|called|dubs?|dubbed)(?:\s+(?:a|an|the|it))?|\b(?:known|billed)\s+as|\b(?:titled|entitled|nicknamed))\s*$"
# A cue right after a negation reports no speech (`Trump did not say whether`, `declined to comment`).
NEGATIONS = _words("not never didn't didn’t doesn't doesn’t don't don’t won't won’t wouldn't wouldn’t declined refused")
# A cue after a modal reports no speech that happened (`Trump should tell Putin to …`).
MODALS = _words("should must could might ought can cannot can't can’t couldn't couldn’t shouldn't shouldn’t")
# A cue's participle after a form of `be` is passive (`a link has been posted`, `he was told`): its
# subject is no speaker.
PASSIVE_AUXILIARIES = _words("been being was were is are be")
# A cue word followed by one of these is a noun, the verb's subject (`reports have emerged`,
# `what he says is false`).
VERBS_AFTER_NOUN = _words("have has had is are was were")
MAX_TERM_WORDS = 3  # `Trump's "America first" stance`: a possessive before a short quoted name
