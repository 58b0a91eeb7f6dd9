// Package terms checks that a text speaks the guideline's language: every
// word of it is a word of the guideline (folding the common Swedish
// endings, so "riskbedömningen" is the guideline's "riskbedömning") or one
// the site has declared its own (a list of plain words: "svaren",
// "steget", ...). A term the guideline does not use ("fördjupad") is
// neither, and is reported. The tests use it on every text of the result
// (internal/engine) and on the first-assessment figure (internal/sitetest).
package terms

import (
	"slices"
	"strings"
	"unicode"
)

// minLen is the shortest word checked: shorter ones ("och", "ska", "att")
// are function words.
const minLen = 4

// endings are the inflections folded before comparing, longest first.
var endings = []string{"erna", "arna", "orna", "ens", "ets", "ers", "en", "et", "na", "ns", "er", "ar", "or", "n", "t", "s", "a", "e"}

// Words splits a text into its lower-case words of letters (a hyphen or any
// other character ends a word: "IT-centerchef" is "it" and "centerchef").
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
}

// stems returns w and w without each ending it has, keeping at least minLen
// letters.
func stems(w string) []string {
	out := []string{w}
	for _, e := range endings {
		if s, ok := strings.CutSuffix(w, e); ok && len([]rune(s)) >= minLen {
			out = append(out, s)
		}
	}
	return out
}

// Vocabulary is the words of a text (the guideline) with their stems.
type Vocabulary struct{ words []string }

// NewVocabulary reads the words of text.
func NewVocabulary(text string) *Vocabulary {
	var v Vocabulary
	for _, w := range Words(text) {
		v.words = append(v.words, stems(w)...)
	}
	slices.Sort(v.words)
	v.words = slices.Compact(v.words)
	return &v
}

// Has reports whether word w is the vocabulary's: a stem of w equals a
// stem of one of its words, or is part of one of its compounds (at least
// five letters: "underlag" in "beslutsunderlag").
func (v *Vocabulary) Has(w string) bool {
	for _, s := range stems(w) {
		if _, ok := slices.BinarySearch(v.words, s); ok {
			return true
		}
		if len([]rune(s)) >= 5 && slices.ContainsFunc(v.words, func(g string) bool { return strings.Contains(g, s) }) {
			return true
		}
	}
	return false
}

// Unknown returns the words of text (minLen letters or more) that are
// neither in the guideline's vocabulary nor in site (the site's own words,
// lower case), each once, in order.
func Unknown(text string, guideline *Vocabulary, site map[string]bool) []string {
	var out []string
	for _, w := range Words(text) {
		if len([]rune(w)) < minLen || site[w] || guideline.Has(w) || slices.Contains(out, w) {
			continue
		}
		out = append(out, w)
	}
	return out
}
