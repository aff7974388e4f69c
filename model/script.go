package model

import (
	"strings"
	"unicode"
)

// rtlLangs are the primary language subtags written right to left: the
// one list for the loader and every output (Arabic, Aramaic, Sorani,
// Divehi, Persian, Hebrew, Mazanderani, N'Ko, Pashto, Sindhi, Syriac,
// Uyghur, Urdu, Yiddish, and the old tag iw).
var rtlLangs = map[string]bool{"ar": true, "arc": true, "ckb": true, "dv": true, "fa": true, "he": true, "iw": true,
	"mzn": true, "nqo": true, "ps": true, "sd": true, "syr": true, "ug": true, "ur": true, "yi": true}

// IsRTL reports whether the language tag names a right-to-left language.
func IsRTL(lang string) bool {
	primary, _, _ := strings.Cut(strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lang), "_", "-")), "-")
	return rtlLangs[primary]
}

// detectScript guesses a language tag from the dominant script of the
// blocks' letters: el (Greek), ru (Cyrillic), zh (Han), ja (Kana), ko
// (Hangul), ar (Arabic), he (Hebrew); "" for Latin or too little text.
func detectScript(blocks []Block) string {
	keys := [...]string{"latin", "el", "ru", "ja", "zh", "ko", "ar", "he"}
	var counts [len(keys)]int
	total := 0
	for _, b := range blocks {
		for _, r := range b.Runs {
			for _, c := range r.Text {
				if c < 0x80 {
					if c|0x20 >= 'a' && c|0x20 <= 'z' {
						counts[0]++
						total++
					}
					continue
				}
				if !unicode.IsLetter(c) {
					continue
				}
				total++
				switch {
				case c < 0x250:
					counts[0]++
				case unicode.Is(unicode.Greek, c):
					counts[1]++
				case unicode.Is(unicode.Cyrillic, c):
					counts[2]++
				case unicode.Is(unicode.Hiragana, c) || unicode.Is(unicode.Katakana, c):
					counts[3] += 4 // kana marks Japanese even among kanji
				case unicode.Is(unicode.Han, c):
					counts[4]++
				case unicode.Is(unicode.Hangul, c):
					counts[5]++
				case unicode.Is(unicode.Arabic, c):
					counts[6]++
				case unicode.Is(unicode.Hebrew, c):
					counts[7]++
				}
			}
		}
	}
	best, n := 0, 0
	for i := range keys {
		if counts[i] > n {
			best, n = i, counts[i]
		}
	}
	if best == 0 || total == 0 {
		return ""
	}
	return keys[best]
}

// scriptOf maps a language's primary subtag to the script key
// detectScript uses; Latin-script languages map to "".
var scriptOf = map[string]string{
	"el": "el", "grc": "el",
	"ru": "ru", "uk": "ru", "be": "ru", "bg": "ru", "sr": "ru", "mk": "ru",
	"zh": "zh", "ja": "zh", "ko": "ko",
	"ar": "ar", "fa": "ar", "ur": "ar", "ps": "ar",
	"he": "he", "yi": "he",
}

// setLanguage gives each quote its language and direction: the script
// detected in the quote decides, the entry's lang refining it when both
// agree (lang: fa on Arabic script stays fa; an English translation quoted
// in a Greek entry is not marked Greek).
func setLanguage(e *Entry) {
	primary, _, _ := strings.Cut(strings.ToLower(e.Lang), "-")
	entryScript := scriptOf[primary]
	for i := range e.Quotes {
		q := &e.Quotes[i]
		detected := detectScript(q.Blocks)
		switch {
		case e.Lang == "":
			q.Lang = detected
		case detected == "" && entryScript == "":
			q.Lang = e.Lang
		case detected == "":
			q.Lang = "" // Latin text in an entry of another script
		case scriptOf[detected] == entryScript || (detected == "ja" && entryScript == "zh"):
			q.Lang = e.Lang
		default:
			q.Lang = detected
		}
		q.Dir = "ltr"
		if IsRTL(q.Lang) {
			q.Dir = "rtl"
		}
	}
}
