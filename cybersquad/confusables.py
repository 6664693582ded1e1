"""Letters of other scripts, and styled Latin ones, and the Latin letters they look
like: how cybersquad/pseudonyms.py reads a pseudonym.

Generated, do not edit: `manage.py confusables_table confusables.txt`, from Unicode's
confusables.txt (UTS #39), version 13.0.0 (2020-02-13); see that command for what is kept and
added. Each line names the character."""

LATIN_LOOKALIKES = {
    "\u00a2": "c",  # Cent Sign
    "\u00a5": "Y",  # Yen Sign
    "\u00c6": "AE",  # Latin Capital Letter Ae
    "\u00c7": "C",  # Latin Capital Letter C With Cedilla
    "\u00d0": "D",  # Latin Capital Letter Eth
    "\u00d7": "x",  # Multiplication Sign
    "\u00d8": "O",  # Latin Capital Letter O With Stroke
    "\u00e6": "ae",  # Latin Small Letter Ae
    "\u00e7": "c",  # Latin Small Letter C With Cedilla
    "\u00f8": "o",  # Latin Small Letter O With Stroke
    "\u0110": "D",  # Latin Capital Letter D With Stroke
    "\u0111": "d",  # Latin Small Letter D With Stroke
    "\u011a": "E",  # Latin Capital Letter E With Caron
    "\u011b": "e",  # Latin Small Letter E With Caron
    "\u0126": "H",  # Latin Capital Letter H With Stroke
    "\u0127": "h",  # Latin Small Letter H With Stroke
    "\u0131": "i",  # Latin Small Letter Dotless I
    "\u0141": "L",  # Latin Capital Letter L With Stroke
    "\u0142": "l",  # Latin Small Letter L With Stroke
    "\u0150": "O",  # Latin Capital Letter O With Double Acute
    "\u0152": "OE",  # Latin Capital Ligature Oe
    "\u0153": "oe",  # Latin Small Ligature Oe
    "\u0166": "T",  # Latin Capital Letter T With Stroke
    "\u0167": "t",  # Latin Small Letter T With Stroke
    "\u0180": "b",  # Latin Small Letter B With Stroke
    "\u0182": "b",  # Latin Capital Letter B With Topbar
    "\u0183": "b",  # Latin Small Letter B With Topbar
    "\u0184": "b",  # Latin Capital Letter Tone Six
    "\u0189": "D",  # Latin Capital Letter African D
    "\u018c": "d",  # Latin Small Letter D With Topbar
    "\u018d": "g",  # Latin Small Letter Turned Delta
    "\u0191": "F",  # Latin Capital Letter F With Hook
    "\u0192": "f",  # Latin Small Letter F With Hook
    "\u0196": "I",  # Latin Capital Letter Iota
    "\u0197": "I",  # Latin Capital Letter I With Stroke
    "\u0199": "k",  # Latin Small Letter K With Hook
    "\u019a": "l",  # Latin Small Letter L With Bar
    "\u019d": "N",  # Latin Capital Letter N With Left Hook
    "\u019e": "n",  # Latin Small Letter N With Long Right Leg
    "\u019f": "O",  # Latin Capital Letter O With Middle Tilde
    "\u01a5": "p",  # Latin Small Letter P With Hook
    "\u01a6": "R",  # Latin Letter Yr
    "\u01a7": "2",  # Latin Capital Letter Tone Two
    "\u01ad": "t",  # Latin Small Letter T With Hook
    "\u01ae": "T",  # Latin Capital Letter T With Retroflex Hook
    "\u01b4": "y",  # Latin Small Letter Y With Hook
    "\u01b5": "Z",  # Latin Capital Letter Z With Stroke
    "\u01b6": "z",  # Latin Small Letter Z With Stroke
    "\u01b7": "3",  # Latin Capital Letter Ezh
    "\u01bb": "2",  # Latin Letter Two With Stroke
    "\u01bc": "5",  # Latin Capital Letter Tone Five
    "\u01bd": "s",  # Latin Small Letter Tone Five
    "\u01c0": "l",  # Latin Letter Dental Click
    "\u01c1": "ll",  # Latin Letter Lateral Click
    "\u01cd": "A",  # Latin Capital Letter A With Caron
    "\u01ce": "a",  # Latin Small Letter A With Caron
    "\u01cf": "I",  # Latin Capital Letter I With Caron
    "\u01d0": "i",  # Latin Small Letter I With Caron
    "\u01d1": "O",  # Latin Capital Letter O With Caron
    "\u01d2": "o",  # Latin Small Letter O With Caron
    "\u01d3": "U",  # Latin Capital Letter U With Caron
    "\u01d4": "u",  # Latin Small Letter U With Caron
    "\u01e4": "G",  # Latin Capital Letter G With Stroke
    "\u01e5": "g",  # Latin Small Letter G With Stroke
    "\u01e6": "G",  # Latin Capital Letter G With Caron
    "\u01e7": "g",  # Latin Small Letter G With Caron
    "\u01f5": "g",  # Latin Small Letter G With Acute
    "\u01fe": "O",  # Latin Capital Letter O With Stroke And Acute
    "\u021a": "T",  # Latin Capital Letter T With Comma Below
    "\u021c": "3",  # Latin Capital Letter Yogh
    "\u0222": "8",  # Latin Capital Letter Ou
    "\u0223": "8",  # Latin Small Letter Ou
    "\u0224": "Z",  # Latin Capital Letter Z With Hook
    "\u0225": "z",  # Latin Small Letter Z With Hook
    "\u0226": "A",  # Latin Capital Letter A With Dot Above
    "\u0227": "a",  # Latin Small Letter A With Dot Above
    "\u023c": "c",  # Latin Small Letter C With Stroke
    "\u023e": "T",  # Latin Capital Letter T With Diagonal Stroke
    "\u0244": "U",  # Latin Capital Letter U Bar
    "\u0246": "E",  # Latin Capital Letter E With Stroke
    "\u0247": "e",  # Latin Small Letter E With Stroke
    "\u0248": "J",  # Latin Capital Letter J With Stroke
    "\u0249": "j",  # Latin Small Letter J With Stroke
    "\u024d": "r",  # Latin Small Letter R With Stroke
    "\u024e": "Y",  # Latin Capital Letter Y With Stroke
    "\u024f": "y",  # Latin Small Letter Y With Stroke
    "\u0251": "a",  # Latin Small Letter Alpha
    "\u0253": "b",  # Latin Small Letter B With Hook
    "\u0256": "d",  # Latin Small Letter D With Tail
    "\u0257": "d",  # Latin Small Letter D With Hook
    "\u0260": "g",  # Latin Small Letter G With Hook
    "\u0261": "g",  # Latin Small Letter Script G
    "\u0262": "g",  # Latin Letter Small Capital G
    "\u0263": "y",  # Latin Small Letter Gamma
    "\u0266": "h",  # Latin Small Letter H With Hook
    "\u0268": "i",  # Latin Small Letter I With Stroke
    "\u0269": "i",  # Latin Small Letter Iota
    "\u026a": "i",  # Latin Letter Small Capital I
    "\u026b": "l",  # Latin Small Letter L With Middle Tilde
    "\u026d": "l",  # Latin Small Letter L With Retroflex Hook
    "\u026f": "w",  # Latin Small Letter Turned M
    "\u0271": "rn",  # Latin Small Letter M With Hook
    "\u0273": "n",  # Latin Small Letter N With Retroflex Hook
    "\u0274": "n",  # Latin Letter Small Capital N
    "\u0275": "o",  # Latin Small Letter Barred O
    "\u0276": "oe",  # Latin Letter Small Capital Oe
    "\u027c": "r",  # Latin Small Letter R With Long Leg
    "\u027d": "r",  # Latin Small Letter R With Tail
    "\u0280": "r",  # Latin Letter Small Capital R
    "\u0282": "s",  # Latin Small Letter S With Hook
    "\u028b": "u",  # Latin Small Letter V With Hook
    "\u028f": "y",  # Latin Letter Small Capital Y
    "\u0290": "z",  # Latin Small Letter Z With Retroflex Hook
    "\u0299": "b",  # Latin Letter Small Capital B
    "\u029c": "h",  # Latin Letter Small Capital H
    "\u029f": "l",  # Latin Letter Small Capital L
    "\u02a0": "q",  # Latin Small Letter Q With Hook
    "\u02a3": "dz",  # Latin Small Letter Dz Digraph
    "\u02a6": "ts",  # Latin Small Letter Ts Digraph
    "\u02aa": "ls",  # Latin Small Letter Ls Digraph
    "\u02ab": "lz",  # Latin Small Letter Lz Digraph
    "\u037f": "J",  # Greek Capital Letter Yot
    "\u0391": "A",  # Greek Capital Letter Alpha
    "\u0392": "B",  # Greek Capital Letter Beta
    "\u0395": "E",  # Greek Capital Letter Epsilon
    "\u0396": "Z",  # Greek Capital Letter Zeta
    "\u0397": "H",  # Greek Capital Letter Eta
    "\u0398": "O",  # Greek Capital Letter Theta
    "\u0399": "I",  # Greek Capital Letter Iota
    "\u039a": "K",  # Greek Capital Letter Kappa
    "\u039c": "M",  # Greek Capital Letter Mu
    "\u039d": "N",  # Greek Capital Letter Nu
    "\u039f": "O",  # Greek Capital Letter Omicron
    "\u03a1": "P",  # Greek Capital Letter Rho
    "\u03a4": "T",  # Greek Capital Letter Tau
    "\u03a5": "Y",  # Greek Capital Letter Upsilon
    "\u03a7": "X",  # Greek Capital Letter Chi
    "\u03b1": "a",  # Greek Small Letter Alpha
    "\u03b3": "y",  # Greek Small Letter Gamma
    "\u03b7": "n",  # Greek Small Letter Eta
    "\u03b8": "O",  # Greek Small Letter Theta
    "\u03b9": "i",  # Greek Small Letter Iota
    "\u03ba": "k",  # Greek Small Letter Kappa
    "\u03bd": "v",  # Greek Small Letter Nu
    "\u03bf": "o",  # Greek Small Letter Omicron
    "\u03c1": "p",  # Greek Small Letter Rho
    "\u03c3": "o",  # Greek Small Letter Sigma
    "\u03c4": "t",  # Greek Small Letter Tau
    "\u03c5": "u",  # Greek Small Letter Upsilon
    "\u03dc": "F",  # Greek Letter Digamma
    "\u03e8": "2",  # Coptic Capital Letter Hori
    "\u03f3": "j",  # Greek Letter Yot
    "\u03fa": "M",  # Greek Capital Letter San
    "\u0405": "S",  # Cyrillic Capital Letter Dze
    "\u0406": "I",  # Cyrillic Capital Letter Byelorussian-Ukrainian I
    "\u0408": "J",  # Cyrillic Capital Letter Je
    "\u0410": "A",  # Cyrillic Capital Letter A
    "\u0411": "b",  # Cyrillic Capital Letter Be
    "\u0412": "B",  # Cyrillic Capital Letter Ve
    "\u0415": "E",  # Cyrillic Capital Letter Ie
    "\u0417": "3",  # Cyrillic Capital Letter Ze
    "\u041a": "K",  # Cyrillic Capital Letter Ka
    "\u041c": "M",  # Cyrillic Capital Letter Em
    "\u041d": "H",  # Cyrillic Capital Letter En
    "\u041e": "O",  # Cyrillic Capital Letter O
    "\u0420": "P",  # Cyrillic Capital Letter Er
    "\u0421": "C",  # Cyrillic Capital Letter Es
    "\u0422": "T",  # Cyrillic Capital Letter Te
    "\u0423": "Y",  # Cyrillic Capital Letter U
    "\u0425": "X",  # Cyrillic Capital Letter Ha
    "\u042b": "bl",  # Cyrillic Capital Letter Yeru
    "\u042c": "b",  # Cyrillic Capital Letter Soft Sign
    "\u042e": "lO",  # Cyrillic Capital Letter Yu
    "\u0430": "a",  # Cyrillic Small Letter A
    "\u0431": "6",  # Cyrillic Small Letter Be
    "\u0432": "b",  # Cyrillic Small Letter Ve
    "\u0433": "r",  # Cyrillic Small Letter Ghe
    "\u0435": "e",  # Cyrillic Small Letter Ie
    "\u043a": "k",  # Cyrillic Small Letter Ka
    "\u043c": "m",  # Cyrillic Small Letter Em
    "\u043d": "h",  # Cyrillic Small Letter En
    "\u043e": "o",  # Cyrillic Small Letter O
    "\u0440": "p",  # Cyrillic Small Letter Er
    "\u0441": "c",  # Cyrillic Small Letter Es
    "\u0442": "t",  # Cyrillic Small Letter Te
    "\u0443": "y",  # Cyrillic Small Letter U
    "\u0445": "x",  # Cyrillic Small Letter Ha
    "\u0455": "s",  # Cyrillic Small Letter Dze
    "\u0456": "i",  # Cyrillic Small Letter Byelorussian-Ukrainian I
    "\u0458": "j",  # Cyrillic Small Letter Je
    "\u045b": "h",  # Cyrillic Small Letter Tshe
    "\u0461": "w",  # Cyrillic Small Letter Omega
    "\u0462": "b",  # Cyrillic Capital Letter Yat
    "\u0463": "b",  # Cyrillic Small Letter Yat
    "\u0472": "O",  # Cyrillic Capital Letter Fita
    "\u0473": "o",  # Cyrillic Small Letter Fita
    "\u0474": "V",  # Cyrillic Capital Letter Izhitsa
    "\u0475": "v",  # Cyrillic Small Letter Izhitsa
    "\u047d": "w",  # Cyrillic Small Letter Omega With Titlo
    "\u048c": "b",  # Cyrillic Capital Letter Semisoft Sign
    "\u048d": "b",  # Cyrillic Small Letter Semisoft Sign
    "\u0493": "r",  # Cyrillic Small Letter Ghe With Stroke
    "\u0498": "3",  # Cyrillic Capital Letter Ze With Descender
    "\u049a": "K",  # Cyrillic Capital Letter Ka With Descender
    "\u049b": "k",  # Cyrillic Small Letter Ka With Descender
    "\u049e": "K",  # Cyrillic Capital Letter Ka With Stroke
    "\u049f": "k",  # Cyrillic Small Letter Ka With Stroke
    "\u04a2": "H",  # Cyrillic Capital Letter En With Descender
    "\u04a3": "h",  # Cyrillic Small Letter En With Descender
    "\u04aa": "C",  # Cyrillic Capital Letter Es With Descender
    "\u04ab": "c",  # Cyrillic Small Letter Es With Descender
    "\u04ac": "T",  # Cyrillic Capital Letter Te With Descender
    "\u04ad": "t",  # Cyrillic Small Letter Te With Descender
    "\u04ae": "Y",  # Cyrillic Capital Letter Straight U
    "\u04af": "y",  # Cyrillic Small Letter Straight U
    "\u04b0": "Y",  # Cyrillic Capital Letter Straight U With Stroke
    "\u04b1": "y",  # Cyrillic Small Letter Straight U With Stroke
    "\u04b2": "X",  # Cyrillic Capital Letter Ha With Descender
    "\u04bb": "h",  # Cyrillic Small Letter Shha
    "\u04bd": "e",  # Cyrillic Small Letter Abkhasian Che
    "\u04bf": "e",  # Cyrillic Small Letter Abkhasian Che With Descender
    "\u04c0": "I",  # Cyrillic Letter Palochka
    "\u04c7": "H",  # Cyrillic Capital Letter En With Hook
    "\u04c8": "h",  # Cyrillic Small Letter En With Hook
    "\u04c9": "H",  # Cyrillic Capital Letter En With Tail
    "\u04ca": "h",  # Cyrillic Small Letter En With Tail
    "\u04cd": "M",  # Cyrillic Capital Letter Em With Tail
    "\u04ce": "m",  # Cyrillic Small Letter Em With Tail
    "\u04cf": "i",  # Cyrillic Small Letter Palochka
    "\u04d4": "AE",  # Cyrillic Capital Ligature A Ie
    "\u04d5": "ae",  # Cyrillic Small Ligature A Ie
    "\u04e0": "3",  # Cyrillic Capital Letter Abkhasian Dze
    "\u04e8": "O",  # Cyrillic Capital Letter Barred O
    "\u04e9": "o",  # Cyrillic Small Letter Barred O
    "\u0501": "d",  # Cyrillic Small Letter Komi De
    "\u050c": "G",  # Cyrillic Capital Letter Komi Sje
    "\u050d": "g",  # Cyrillic Small Letter Komi Sje
    "\u051b": "q",  # Cyrillic Small Letter Qa
    "\u051c": "W",  # Cyrillic Capital Letter We
    "\u051d": "w",  # Cyrillic Small Letter We
    "\u054d": "U",  # Armenian Capital Letter Seh
    "\u054f": "S",  # Armenian Capital Letter Tiwn
    "\u0555": "O",  # Armenian Capital Letter Oh
    "\u0561": "w",  # Armenian Small Letter Ayb
    "\u0563": "q",  # Armenian Small Letter Gim
    "\u0566": "q",  # Armenian Small Letter Za
    "\u0570": "h",  # Armenian Small Letter Ho
    "\u0578": "n",  # Armenian Small Letter Vo
    "\u057c": "n",  # Armenian Small Letter Ra
    "\u057d": "u",  # Armenian Small Letter Seh
    "\u0581": "g",  # Armenian Small Letter Co
    "\u0584": "f",  # Armenian Small Letter Keh
    "\u0585": "o",  # Armenian Small Letter Oh
    "\u05c0": "l",  # Hebrew Punctuation Paseq
    "\u05d5": "l",  # Hebrew Letter Vav
    "\u05d8": "v",  # Hebrew Letter Tet
    "\u05df": "l",  # Hebrew Letter Final Nun
    "\u05e1": "o",  # Hebrew Letter Samekh
    "\u05f0": "ll",  # Hebrew Ligature Yiddish Double Vav
    "\u0625": "l",  # Arabic Letter Alef With Hamza Below
    "\u0627": "l",  # Arabic Letter Alef
    "\u0647": "o",  # Arabic Letter Heh
    "\u0661": "l",  # Arabic-Indic Digit One
    "\u0665": "o",  # Arabic-Indic Digit Five
    "\u0667": "V",  # Arabic-Indic Digit Seven
    "\u0673": "l",  # Arabic Letter Alef With Wavy Hamza Below
    "\u06be": "o",  # Arabic Letter Heh Doachashmee
    "\u06c1": "o",  # Arabic Letter Heh Goal
    "\u06d5": "o",  # Arabic Letter Ae
    "\u06f1": "l",  # Extended Arabic-Indic Digit One
    "\u06f5": "o",  # Extended Arabic-Indic Digit Five
    "\u06f7": "V",  # Extended Arabic-Indic Digit Seven
    "\u06ff": "o",  # Arabic Letter Heh With Inverted V
    "\u07c0": "O",  # Nko Digit Zero
    "\u07ca": "l",  # Nko Letter A
    "\u0966": "o",  # Devanagari Digit Zero
    "\u09e6": "O",  # Bengali Digit Zero
    "\u09ea": "8",  # Bengali Digit Four
    "\u09ed": "9",  # Bengali Digit Seven
    "\u0a66": "o",  # Gurmukhi Digit Zero
    "\u0a67": "9",  # Gurmukhi Digit One
    "\u0a6a": "8",  # Gurmukhi Digit Four
    "\u0ae6": "o",  # Gujarati Digit Zero
    "\u0b03": "8",  # Oriya Sign Visarga
    "\u0b20": "O",  # Oriya Letter Ttha
    "\u0b66": "O",  # Oriya Digit Zero
    "\u0b68": "9",  # Oriya Digit Two
    "\u0be6": "o",  # Tamil Digit Zero
    "\u0c02": "o",  # Telugu Sign Anusvara
    "\u0c66": "o",  # Telugu Digit Zero
    "\u0c82": "o",  # Kannada Sign Anusvara
    "\u0ce6": "o",  # Kannada Digit Zero
    "\u0d02": "o",  # Malayalam Sign Anusvara
    "\u0d20": "o",  # Malayalam Letter Ttha
    "\u0d66": "o",  # Malayalam Digit Zero
    "\u0d6d": "9",  # Malayalam Digit Seven
    "\u0d82": "o",  # Sinhala Sign Anusvaraya
    "\u0e50": "o",  # Thai Digit Zero
    "\u0ed0": "o",  # Lao Digit Zero
    "\u101d": "o",  # Myanmar Letter Wa
    "\u1040": "o",  # Myanmar Digit Zero
    "\u10e7": "y",  # Georgian Letter Qar
    "\u10ff": "o",  # Georgian Letter Labial Sign
    "\u1200": "U",  # Ethiopic Syllable Ha
    "\u12d0": "O",  # Ethiopic Syllable Pharyngeal A
    "\u13a0": "D",  # Cherokee Letter A
    "\u13a1": "R",  # Cherokee Letter E
    "\u13a2": "T",  # Cherokee Letter I
    "\u13a5": "i",  # Cherokee Letter V
    "\u13a9": "Y",  # Cherokee Letter Gi
    "\u13aa": "A",  # Cherokee Letter Go
    "\u13ab": "J",  # Cherokee Letter Gu
    "\u13ac": "E",  # Cherokee Letter Gv
    "\u13b3": "W",  # Cherokee Letter La
    "\u13b7": "M",  # Cherokee Letter Lu
    "\u13bb": "H",  # Cherokee Letter Mi
    "\u13bd": "Y",  # Cherokee Letter Mu
    "\u13be": "O",  # Cherokee Letter Na
    "\u13c0": "G",  # Cherokee Letter Nah
    "\u13c2": "h",  # Cherokee Letter Ni
    "\u13c3": "Z",  # Cherokee Letter No
    "\u13cc": "U",  # Cherokee Letter Sa
    "\u13ce": "4",  # Cherokee Letter Se
    "\u13cf": "b",  # Cherokee Letter Si
    "\u13d2": "R",  # Cherokee Letter Sv
    "\u13d4": "W",  # Cherokee Letter Ta
    "\u13d5": "S",  # Cherokee Letter De
    "\u13d9": "V",  # Cherokee Letter Do
    "\u13da": "S",  # Cherokee Letter Du
    "\u13de": "L",  # Cherokee Letter Tle
    "\u13df": "C",  # Cherokee Letter Tli
    "\u13e2": "P",  # Cherokee Letter Tlv
    "\u13e6": "K",  # Cherokee Letter Tso
    "\u13e7": "d",  # Cherokee Letter Tsu
    "\u13eb": "O",  # Cherokee Letter Wi
    "\u13ee": "6",  # Cherokee Letter Wv
    "\u13f2": "h",  # Cherokee Letter Yo
    "\u13f3": "G",  # Cherokee Letter Yu
    "\u13f4": "B",  # Cherokee Letter Yv
    "\u13fb": "g",  # Cherokee Small Letter Yu
    "\u13fc": "b",  # Cherokee Small Letter Yv
    "\u142f": "V",  # Canadian Syllabics Pe
    "\u144c": "U",  # Canadian Syllabics Te
    "\u146d": "P",  # Canadian Syllabics Ki
    "\u146f": "d",  # Canadian Syllabics Ko
    "\u1472": "b",  # Canadian Syllabics Ka
    "\u1473": "b",  # Canadian Syllabics Kaa
    "\u148d": "J",  # Canadian Syllabics Co
    "\u14aa": "L",  # Canadian Syllabics Ma
    "\u14bf": "2",  # Canadian Syllabics Sayisi M
    "\u1541": "x",  # Canadian Syllabics Sayisi Yi
    "\u157c": "H",  # Canadian Syllabics Nunavut H
    "\u157d": "x",  # Canadian Syllabics Hk
    "\u1587": "R",  # Canadian Syllabics Tlhi
    "\u15af": "b",  # Canadian Syllabics Aivilik B
    "\u15b4": "F",  # Canadian Syllabics Blackfoot We
    "\u15c5": "A",  # Canadian Syllabics Carrier Gho
    "\u15de": "D",  # Canadian Syllabics Carrier The
    "\u15ea": "D",  # Canadian Syllabics Carrier Pe
    "\u15f0": "M",  # Canadian Syllabics Carrier Go
    "\u15f7": "B",  # Canadian Syllabics Carrier Khe
    "\u166d": "X",  # Canadian Syllabics Chi Sign
    "\u166e": "x",  # Canadian Syllabics Full Stop
    "\u16b7": "X",  # Runic Letter Gebo Gyfu G
    "\u16c1": "l",  # Runic Letter Isaz Is Iss I
    "\u16d5": "K",  # Runic Letter Open-P
    "\u16d6": "M",  # Runic Letter Ehwaz Eh E
    "\u1d00": "a",  # Latin Letter Small Capital A
    "\u1d04": "c",  # Latin Letter Small Capital C
    "\u1d05": "d",  # Latin Letter Small Capital D
    "\u1d07": "e",  # Latin Letter Small Capital E
    "\u1d0a": "j",  # Latin Letter Small Capital J
    "\u1d0b": "k",  # Latin Letter Small Capital K
    "\u1d0d": "m",  # Latin Letter Small Capital M
    "\u1d0f": "o",  # Latin Letter Small Capital O
    "\u1d11": "o",  # Latin Small Letter Sideways O
    "\u1d18": "p",  # Latin Letter Small Capital P
    "\u1d1b": "t",  # Latin Letter Small Capital T
    "\u1d1c": "u",  # Latin Letter Small Capital U
    "\u1d20": "v",  # Latin Letter Small Capital V
    "\u1d21": "w",  # Latin Letter Small Capital W
    "\u1d22": "z",  # Latin Letter Small Capital Z
    "\u1d26": "r",  # Greek Letter Small Capital Gamma
    "\u1d29": "p",  # Greek Letter Small Capital Rho
    "\u1d6b": "ue",  # Latin Small Letter Ue
    "\u1d6e": "f",  # Latin Small Letter F With Middle Tilde
    "\u1d6f": "rn",  # Latin Small Letter M With Middle Tilde
    "\u1d70": "n",  # Latin Small Letter N With Middle Tilde
    "\u1d72": "r",  # Latin Small Letter R With Middle Tilde
    "\u1d74": "s",  # Latin Small Letter S With Middle Tilde
    "\u1d75": "t",  # Latin Small Letter T With Middle Tilde
    "\u1d76": "z",  # Latin Small Letter Z With Middle Tilde
    "\u1d7b": "i",  # Latin Small Capital Letter I With Stroke
    "\u1d7c": "i",  # Latin Small Letter Iota With Stroke
    "\u1d7d": "p",  # Latin Small Letter P With Stroke
    "\u1d7e": "u",  # Latin Small Capital Letter U With Stroke
    "\u1d83": "g",  # Latin Small Letter G With Palatal Hook
    "\u1d8c": "y",  # Latin Small Letter V With Palatal Hook
    "\u1e9d": "f",  # Latin Small Letter Long S With High Stroke
    "\u1eff": "y",  # Latin Small Letter Y With Loop
    "\u2016": "ll",  # Double Vertical Line
    "\u20a1": "C",  # Colon Sign
    "\u20a5": "rn",  # Mill Sign
    "\u20a9": "W",  # Won Sign
    "\u20ab": "d",  # Dong Sign
    "\u20ad": "K",  # Kip Sign
    "\u20ae": "T",  # Tugrik Sign
    "\u20b6": "lt",  # Livre Tournois Sign
    "\u212e": "e",  # Estimated Symbol
    "\u221e": "oo",  # Infinity
    "\u2223": "l",  # Divides
    "\u2225": "ll",  # Parallel To
    "\u2228": "v",  # Logical Or
    "\u222a": "U",  # Union
    "\u2296": "O",  # Circled Minus
    "\u229d": "O",  # Circled Dash
    "\u22a4": "T",  # Down Tack
    "\u22c1": "v",  # N-Ary Logical Or
    "\u22c3": "U",  # N-Ary Union
    "\u22ff": "E",  # Z Notation Bag Membership
    "\u2361": "T",  # Apl Functional Symbol Up Tack Diaeresis
    "\u236c": "O",  # Apl Functional Symbol Zilde
    "\u2373": "i",  # Apl Functional Symbol Iota
    "\u2374": "p",  # Apl Functional Symbol Rho
    "\u2376": "a",  # Apl Functional Symbol Alpha Underbar
    "\u2378": "i",  # Apl Functional Symbol Iota Underbar
    "\u237a": "a",  # Apl Functional Symbol Alpha
    "\u23fd": "l",  # Power On Symbol
    "\u2573": "X",  # Box Drawings Light Diagonal Cross
    "\u27d9": "T",  # Large Down Tack
    "\u292b": "x",  # Rising Diagonal Crossing Falling Diagonal
    "\u292c": "x",  # Falling Diagonal Crossing Rising Diagonal
    "\u2a2f": "x",  # Vector Or Cross Product
    "\u2a30": "x",  # Multiplication Sign With Dot Above
    "\u2c67": "H",  # Latin Capital Letter H With Descender
    "\u2c69": "K",  # Latin Capital Letter K With Descender
    "\u2c85": "r",  # Coptic Small Letter Gamma
    "\u2c8e": "H",  # Coptic Capital Letter Hate
    "\u2c92": "I",  # Coptic Capital Letter Iauda
    "\u2c94": "K",  # Coptic Capital Letter Kapa
    "\u2c95": "k",  # Coptic Small Letter Kapa
    "\u2c98": "M",  # Coptic Capital Letter Mi
    "\u2c9a": "N",  # Coptic Capital Letter Ni
    "\u2c9e": "O",  # Coptic Capital Letter O
    "\u2c9f": "o",  # Coptic Small Letter O
    "\u2ca2": "P",  # Coptic Capital Letter Ro
    "\u2ca3": "p",  # Coptic Small Letter Ro
    "\u2ca4": "C",  # Coptic Capital Letter Sima
    "\u2ca5": "c",  # Coptic Small Letter Sima
    "\u2ca6": "T",  # Coptic Capital Letter Tau
    "\u2ca8": "Y",  # Coptic Capital Letter Ua
    "\u2cac": "X",  # Coptic Capital Letter Khi
    "\u2cca": "9",  # Coptic Capital Letter Dialect-P Hori
    "\u2ccc": "3",  # Coptic Capital Letter Old Coptic Hori
    "\u2cd0": "L",  # Coptic Capital Letter L-Shaped Ha
    "\u2cd1": "l",  # Coptic Small Letter L-Shaped Ha
    "\u2cd2": "6",  # Coptic Capital Letter Old Coptic Hei
    "\u2d31": "O",  # Tifinagh Letter Yab
    "\u2d38": "V",  # Tifinagh Letter Yadh
    "\u2d39": "E",  # Tifinagh Letter Yadd
    "\u2d41": "O",  # Tifinagh Letter Berber Academy Yah
    "\u2d4f": "l",  # Tifinagh Letter Yan
    "\u2d54": "O",  # Tifinagh Letter Yar
    "\u2d55": "Q",  # Tifinagh Letter Yarr
    "\u2d5d": "X",  # Tifinagh Letter Yath
    "\u3007": "O",  # Ideographic Number Zero
    "\ua4d0": "B",  # Lisu Letter Ba
    "\ua4d1": "P",  # Lisu Letter Pa
    "\ua4d2": "d",  # Lisu Letter Pha
    "\ua4d3": "D",  # Lisu Letter Da
    "\ua4d4": "T",  # Lisu Letter Ta
    "\ua4d6": "G",  # Lisu Letter Ga
    "\ua4d7": "K",  # Lisu Letter Ka
    "\ua4d9": "J",  # Lisu Letter Ja
    "\ua4da": "C",  # Lisu Letter Ca
    "\ua4dc": "Z",  # Lisu Letter Dza
    "\ua4dd": "F",  # Lisu Letter Tsa
    "\ua4df": "M",  # Lisu Letter Ma
    "\ua4e0": "N",  # Lisu Letter Na
    "\ua4e1": "L",  # Lisu Letter La
    "\ua4e2": "S",  # Lisu Letter Sa
    "\ua4e3": "R",  # Lisu Letter Zha
    "\ua4e6": "V",  # Lisu Letter Ha
    "\ua4e7": "H",  # Lisu Letter Xa
    "\ua4ea": "W",  # Lisu Letter Wa
    "\ua4eb": "X",  # Lisu Letter Sha
    "\ua4ec": "Y",  # Lisu Letter Ya
    "\ua4ee": "A",  # Lisu Letter A
    "\ua4f0": "E",  # Lisu Letter E
    "\ua4f2": "l",  # Lisu Letter I
    "\ua4f3": "O",  # Lisu Letter O
    "\ua4f4": "U",  # Lisu Letter U
    "\ua644": "2",  # Cyrillic Capital Letter Reversed Dze
    "\ua647": "i",  # Cyrillic Small Letter Iota
    "\ua695": "h",  # Cyrillic Small Letter Hwe
    "\ua698": "OO",  # Cyrillic Capital Letter Double O
    "\ua699": "oo",  # Cyrillic Small Letter Double O
    "\ua6df": "V",  # Bamum Letter Ko
    "\ua6ef": "2",  # Bamum Letter Koghom
    "\ua728": "T3",  # Latin Capital Letter Tz
    "\ua730": "f",  # Latin Letter Small Capital F
    "\ua731": "s",  # Latin Letter Small Capital S
    "\ua732": "AA",  # Latin Capital Letter Aa
    "\ua733": "aa",  # Latin Small Letter Aa
    "\ua734": "AO",  # Latin Capital Letter Ao
    "\ua735": "ao",  # Latin Small Letter Ao
    "\ua736": "AU",  # Latin Capital Letter Au
    "\ua737": "au",  # Latin Small Letter Au
    "\ua738": "AV",  # Latin Capital Letter Av
    "\ua739": "av",  # Latin Small Letter Av
    "\ua73a": "AV",  # Latin Capital Letter Av With Horizontal Bar
    "\ua73b": "av",  # Latin Small Letter Av With Horizontal Bar
    "\ua73c": "AY",  # Latin Capital Letter Ay
    "\ua73d": "ay",  # Latin Small Letter Ay
    "\ua740": "K",  # Latin Capital Letter K With Stroke
    "\ua74a": "O",  # Latin Capital Letter O With Long Stroke Overlay
    "\ua74b": "o",  # Latin Small Letter O With Long Stroke Overlay
    "\ua74e": "OO",  # Latin Capital Letter Oo
    "\ua74f": "oo",  # Latin Small Letter Oo
    "\ua75a": "2",  # Latin Capital Letter R Rotunda
    "\ua761": "w",  # Latin Small Letter Vy
    "\ua76a": "3",  # Latin Capital Letter Et
    "\ua76e": "9",  # Latin Capital Letter Con
    "\ua777": "tf",  # Latin Small Letter Tum
    "\ua798": "F",  # Latin Capital Letter F With Stroke
    "\ua799": "f",  # Latin Small Letter F With Stroke
    "\ua79f": "u",  # Latin Small Letter Volapuk Ue
    "\ua7ab": "3",  # Latin Capital Letter Reversed Open E
    "\ua7af": "q",  # Latin Letter Small Capital Q
    "\ua7b2": "J",  # Latin Capital Letter J With Crossed-Tail
    "\ua7b3": "X",  # Latin Capital Letter Chi
    "\ua7b4": "B",  # Latin Capital Letter Beta
    "\uab32": "e",  # Latin Small Letter Blackletter E
    "\uab35": "f",  # Latin Small Letter Lenis F
    "\uab3d": "o",  # Latin Small Letter Blackletter O
    "\uab3e": "o",  # Latin Small Letter Blackletter O With Stroke
    "\uab47": "r",  # Latin Small Letter R Without Handle
    "\uab48": "r",  # Latin Small Letter Double R
    "\uab4e": "u",  # Latin Small Letter U With Short Right Leg
    "\uab52": "u",  # Latin Small Letter U With Left Hook
    "\uab5a": "y",  # Latin Small Letter Y With Short Right Leg
    "\uab63": "uo",  # Latin Small Letter Uo
    "\uab70": "d",  # Cherokee Small Letter A
    "\uab71": "r",  # Cherokee Small Letter E
    "\uab72": "t",  # Cherokee Small Letter I
    "\uab74": "o",  # Cherokee Small Letter U
    "\uab75": "i",  # Cherokee Small Letter V
    "\uab7a": "a",  # Cherokee Small Letter Go
    "\uab7b": "j",  # Cherokee Small Letter Gu
    "\uab7c": "e",  # Cherokee Small Letter Gv
    "\uab81": "r",  # Cherokee Small Letter Hu
    "\uab83": "w",  # Cherokee Small Letter La
    "\uab87": "m",  # Cherokee Small Letter Lu
    "\uab8b": "h",  # Cherokee Small Letter Mi
    "\uab8e": "o",  # Cherokee Small Letter Na
    "\uab90": "g",  # Cherokee Small Letter Nah
    "\uab93": "z",  # Cherokee Small Letter No
    "\uab9c": "u",  # Cherokee Small Letter Sa
    "\uaba2": "r",  # Cherokee Small Letter Sv
    "\uaba9": "v",  # Cherokee Small Letter Do
    "\uabaa": "s",  # Cherokee Small Letter Du
    "\uabae": "l",  # Cherokee Small Letter Tle
    "\uabaf": "c",  # Cherokee Small Letter Tli
    "\uabb2": "p",  # Cherokee Small Letter Tlv
    "\uabb6": "k",  # Cherokee Small Letter Tso
    "\uabbb": "o",  # Cherokee Small Letter Wi
    "\U0001018e": "N",  # Nomisma Sign
    "\U00010196": "X",  # Roman Denarius Sign
    "\U00010197": "V",  # Roman Quinarius Sign
    "\U00010198": "llS",  # Roman Sestertius Sign
    "\U00010199": "ll",  # Roman Dupondius Sign
    "\U00010282": "B",  # Lycian Letter B
    "\U00010286": "E",  # Lycian Letter I
    "\U00010287": "F",  # Lycian Letter W
    "\U0001028a": "l",  # Lycian Letter J
    "\U00010290": "X",  # Lycian Letter Mm
    "\U00010292": "O",  # Lycian Letter U
    "\U00010295": "P",  # Lycian Letter R
    "\U00010296": "S",  # Lycian Letter S
    "\U00010297": "T",  # Lycian Letter T
    "\U000102a0": "A",  # Carian Letter A
    "\U000102a1": "B",  # Carian Letter P2
    "\U000102a2": "C",  # Carian Letter D
    "\U000102a5": "F",  # Carian Letter R
    "\U000102ab": "O",  # Carian Letter O
    "\U000102b0": "M",  # Carian Letter S
    "\U000102b1": "T",  # Carian Letter C-18
    "\U000102b2": "Y",  # Carian Letter U
    "\U000102b4": "X",  # Carian Letter X
    "\U000102cf": "H",  # Carian Letter E2
    "\U000102f5": "Z",  # Coptic Epact Number Three Hundred
    "\U00010301": "B",  # Old Italic Letter Be
    "\U00010302": "C",  # Old Italic Letter Ke
    "\U00010309": "l",  # Old Italic Letter I
    "\U00010311": "M",  # Old Italic Letter She
    "\U00010315": "T",  # Old Italic Letter Te
    "\U00010317": "X",  # Old Italic Letter Eks
    "\U0001031a": "8",  # Old Italic Letter Ef
    "\U00010320": "l",  # Old Italic Numeral One
    "\U00010322": "X",  # Old Italic Numeral Ten
    "\U00010404": "O",  # Deseret Capital Letter Long O
    "\U00010415": "C",  # Deseret Capital Letter Chee
    "\U0001041b": "L",  # Deseret Capital Letter Eth
    "\U00010420": "S",  # Deseret Capital Letter Zhee
    "\U0001042c": "o",  # Deseret Small Letter Long O
    "\U0001043d": "c",  # Deseret Small Letter Chee
    "\U00010443": "l",  # Deseret Small Letter Eth
    "\U00010448": "s",  # Deseret Small Letter Zhee
    "\U000104b4": "R",  # Osage Capital Letter Bra
    "\U000104c2": "O",  # Osage Capital Letter O
    "\U000104ce": "U",  # Osage Capital Letter U
    "\U000104d2": "7",  # Osage Capital Letter Za
    "\U000104ea": "o",  # Osage Small Letter O
    "\U000104f6": "u",  # Osage Small Letter U
    "\U00010513": "N",  # Elbasan Letter Ne
    "\U00010516": "O",  # Elbasan Letter O
    "\U00010518": "K",  # Elbasan Letter Qe
    "\U0001051c": "C",  # Elbasan Letter She
    "\U0001051d": "V",  # Elbasan Letter Te
    "\U00010525": "F",  # Elbasan Letter Ghe
    "\U00010526": "L",  # Elbasan Letter Ghamma
    "\U00010527": "X",  # Elbasan Letter Khe
    "\U000114c5": "w",  # Tirhuta Gvang
    "\U000114d0": "O",  # Tirhuta Digit Zero
    "\U00011700": "rn",  # Ahom Letter Ka
    "\U00011706": "v",  # Ahom Letter Pa
    "\U0001170a": "w",  # Ahom Letter Ja
    "\U0001170e": "w",  # Ahom Letter La
    "\U0001170f": "w",  # Ahom Letter Sa
    "\U000118a0": "V",  # Warang Citi Capital Letter Ngaa
    "\U000118a2": "F",  # Warang Citi Capital Letter Wi
    "\U000118a3": "L",  # Warang Citi Capital Letter Yu
    "\U000118a4": "Y",  # Warang Citi Capital Letter Ya
    "\U000118a6": "E",  # Warang Citi Capital Letter Ii
    "\U000118a9": "Z",  # Warang Citi Capital Letter O
    "\U000118ac": "9",  # Warang Citi Capital Letter Ko
    "\U000118ae": "E",  # Warang Citi Capital Letter Yuj
    "\U000118af": "4",  # Warang Citi Capital Letter Uc
    "\U000118b2": "L",  # Warang Citi Capital Letter Tte
    "\U000118b5": "O",  # Warang Citi Capital Letter At
    "\U000118b8": "U",  # Warang Citi Capital Letter Pu
    "\U000118bb": "5",  # Warang Citi Capital Letter Horr
    "\U000118bc": "T",  # Warang Citi Capital Letter Har
    "\U000118c0": "v",  # Warang Citi Small Letter Ngaa
    "\U000118c1": "s",  # Warang Citi Small Letter A
    "\U000118c2": "F",  # Warang Citi Small Letter Wi
    "\U000118c3": "i",  # Warang Citi Small Letter Yu
    "\U000118c4": "z",  # Warang Citi Small Letter Ya
    "\U000118c6": "7",  # Warang Citi Small Letter Ii
    "\U000118c8": "o",  # Warang Citi Small Letter E
    "\U000118ca": "3",  # Warang Citi Small Letter Ang
    "\U000118cc": "9",  # Warang Citi Small Letter Ko
    "\U000118d5": "6",  # Warang Citi Small Letter At
    "\U000118d6": "9",  # Warang Citi Small Letter Am
    "\U000118d7": "o",  # Warang Citi Small Letter Bu
    "\U000118d8": "u",  # Warang Citi Small Letter Pu
    "\U000118dc": "y",  # Warang Citi Small Letter Har
    "\U000118e0": "O",  # Warang Citi Digit Zero
    "\U000118e3": "rn",  # Warang Citi Digit Three
    "\U000118e5": "Z",  # Warang Citi Digit Five
    "\U000118e6": "W",  # Warang Citi Digit Six
    "\U000118e9": "C",  # Warang Citi Digit Nine
    "\U000118ec": "X",  # Warang Citi Number Thirty
    "\U000118ef": "W",  # Warang Citi Number Sixty
    "\U000118f2": "C",  # Warang Citi Number Ninety
    "\U00016f08": "V",  # Miao Letter Va
    "\U00016f0a": "T",  # Miao Letter Ta
    "\U00016f16": "L",  # Miao Letter La
    "\U00016f28": "l",  # Miao Letter Gha
    "\U00016f35": "R",  # Miao Letter Zha
    "\U00016f3a": "S",  # Miao Letter Sa
    "\U00016f3b": "3",  # Miao Letter Za
    "\U00016f40": "A",  # Miao Letter Zzya
    "\U00016f42": "U",  # Miao Letter Wa
    "\U00016f43": "Y",  # Miao Letter Ah
    "\U0001d206": "3",  # Greek Vocal Notation Symbol-7
    "\U0001d20d": "V",  # Greek Vocal Notation Symbol-14
    "\U0001d212": "7",  # Greek Vocal Notation Symbol-19
    "\U0001d213": "F",  # Greek Vocal Notation Symbol-20
    "\U0001d216": "R",  # Greek Vocal Notation Symbol-23
    "\U0001d21a": "O",  # Greek Vocal Notation Symbol-52
    "\U0001d22a": "L",  # Greek Instrumental Notation Symbol-23
    "\U0001e8c7": "l",  # Mende Kikakui Digit One
    "\U0001e8cb": "8",  # Mende Kikakui Digit Five
    "\U0001f700": "QE",  # Alchemical Symbol For Quintessence
    "\U0001f707": "AR",  # Alchemical Symbol For Aqua Regia-2
    "\U0001f708": "V",  # Alchemical Symbol For Aqua Vitae
    "\U0001f714": "O",  # Alchemical Symbol For Salt
    "\U0001f74c": "C",  # Alchemical Symbol For Calx
    "\U0001f75c": "sss",  # Alchemical Symbol For Stratum Super Stratum
    "\U0001f768": "T",  # Alchemical Symbol For Crucible-4
    "\U0001f76b": "MB",  # Alchemical Symbol For Bath Of Mary
    "\U0001f76c": "VB",  # Alchemical Symbol For Bath Of Vapours
}

# Scripts whose letters a Latin pseudonym may not contain (first word of their names).
LOOKALIKE_SCRIPTS = frozenset(
    {
        "AHOM",
        "BAMUM",
        "CANADIAN",
        "CARIAN",
        "CHEROKEE",
        "COPTIC",
        "CYRILLIC",
        "DESERET",
        "ELBASAN",
        "GREEK",
        "LISU",
        "LYCIAN",
        "MIAO",
        "NKO",
        "OLD",
        "OSAGE",
        "RUNIC",
        "TIFINAGH",
        "TIRHUTA",
        "WARANG",
    }
)
