//go:build !js

package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"molnkollen/internal/record"
)

// TestModuleAgreesOnVariants: the page's module and the checker read each
// sample file and made-up variants of it alike: bytes changed, and answers,
// results, times, organisations and versions changed with the fingerprint
// made right (so that the variant gets past it), as a hostile or careless
// editor would. The same for the answers the page sends (evaluate) and for
// saving them (exportFile) at any clock.
func TestModuleAgreesOnVariants(t *testing.T) {
	n := moduleNode(t)
	rng := rand.New(rand.NewPCG(15, 14))
	files := sampleFiles(t)
	tried := 0
	for _, file := range files {
		base, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		importBoth(t, n, file, base)
		for i := range 24 {
			v := mutate(rng, base, i%4 == 0)
			importBoth(t, n, file+" variant "+string(rune('a'+i)), v)
			tried++
		}
	}
	for i := range 400 {
		answers := string(randomAnswers(rng))
		same(t, "evaluate "+answers, checker().evaluate(answers), n.call(t, map[string]any{"fn": "evaluate", "args": []string{answers}}))
		at := pick(rng, clocks)
		same(t, "exportFile at "+at, checker().exportFile(answers, at), n.call(t, map[string]any{"fn": "exportFile", "args": []string{answers, at}}))
		if i == 0 {
			tried += 800
		}
	}
	t.Logf("%d files and %d variants, and 400 answer sets evaluated and saved: the module and the checker agree", len(files), tried-800)
}

var (
	ids = []string{"namn", "leverantor", "enhet", "typ", "driftmodell", "central", "okanslig", "belastning", "1a", "2b",
		"3c", "4a", "4b", "4b-hur", "4c", "4c-varfor", "4d", "behovsanalys", "livscykel", "itchef", "accepterar",
		"5a", "summary", "__proto__", "x"}
	values = []string{"", "ja", "nej", "vetej", "vetinte", "klar", "pagar", "ejpaborjad", "ejtillamplig", "saas", "annan",
		"publikt", "inteannu", "JA", "Fri text.", "rad 1\nrad 2", " x", "x ", "a\r\nb", "\u2028\u2029", "<script>alert(1)</script>",
		strings.Repeat("å", 200), strings.Repeat("x", 201), strings.Repeat("ö", 2001), "\x1b[2J", "\u202eRESULT"}
	clocks = []string{"2026-11-27T09:30:00.000Z", "2026-11-27T10:30:00.000+01:00", "0000-01-01T00:00:00.000+00:00",
		"9999-12-31T23:59:59.999+14:00", "+010000-01-01T00:00:00.000Z", "-000001-12-31T23:00:00.000Z", "", "i dag",
		"2026-11-27T23:59:60Z", "2026-02-29T12:00:00Z"}
	heads = []func(d map[string]any, rng *rand.Rand){
		func(d map[string]any, rng *rand.Rand) { d["exportedAt"] = pick(rng, clocks) },
		func(d map[string]any, rng *rand.Rand) {
			d["organisation"] = pick(rng, []any{map[string]any{"id": "varnamo-kommun", "name": "Värnamo kommun"},
				map[string]any{"id": "exempelby-kommun", "name": "Exempelby kommun"}, "Värnamo", nil,
				map[string]any{"id": "exempelby-kommun", "name": "Exempelby\nkommun"}})
		},
		func(d map[string]any, rng *rand.Rand) {
			v := rng.IntN(4)
			d["rulesVersion"] = []string{"2022-06-27.1", "2022-06-27.2", "2022-06-27.3", "2024-01-15.1"}[v]
			d["formatVersion"] = []int{1, 2, 3, 3}[v]
		},
		func(d map[string]any, rng *rand.Rand) {
			d["guideline"] = pick(rng, []any{map[string]any{"title": "Riktlinje för molntjänster", "validFrom": "2024-01-15"},
				map[string]any{"title": "Riktlinje för e-post", "validFrom": "2022-06-27"}, map[string]any{"title": "Riktlinje för molntjänster"}})
		},
		func(d map[string]any, rng *rand.Rand) {
			res, _ := d["result"].(map[string]any)
			if res != nil {
				res[pick(rng, []string{"fit", "ready", "verdict", "reasons", "open", "route"})] = pick(rng, []any{"kan-passa", "klart",
					"passar-samre", []any{}, []any{"central:ja"}, []any{"kommundirektor"}, []any{"4d:describe"}, 1})
			}
		},
	}
)

func pick[T any](rng *rand.Rand, from []T) T { return from[rng.IntN(len(from))] }

// mutate returns a variant of the file b: bytes changed (raw), or its JSON
// changed and, mostly, its fingerprint made right again.
func mutate(rng *rand.Rand, b []byte, raw bool) []byte {
	var d map[string]any
	if raw || json.Unmarshal(b, &d) != nil {
		v := append([]byte{}, b...)
		for range 1 + rng.IntN(3) {
			if len(v) > 0 {
				v[rng.IntN(len(v))] = byte(rng.IntN(256))
			}
		}
		return v[:len(v)-rng.IntN(min(len(v), 2)+1)/2]
	}
	a, _ := d["answers"].(map[string]any)
	for range 1 + rng.IntN(3) {
		switch {
		case a != nil && rng.IntN(3) > 0:
			ans := map[string]any{"value": pick(rng, values)}
			if rng.IntN(3) == 0 {
				ans["note"] = pick(rng, values)
			}
			a[pick(rng, ids)] = ans
		default:
			pick(rng, heads)(d, rng)
		}
	}
	if a != nil && rng.IntN(5) > 0 {
		d["fingerprint"] = record.Fingerprint(answersOf(a))
	}
	out, _ := json.MarshalIndent(d, "", "  ")
	return out
}

// answersOf reads decoded answers as Go reads a file (an empty answer left
// out).
func answersOf(a map[string]any) record.Answers {
	out := record.Answers{}
	for id, v := range a {
		m, _ := v.(map[string]any)
		value, _ := m["value"].(string)
		note, _ := m["note"].(string)
		if value != "" || note != "" {
			out[id] = record.Answer{Value: value, Note: note}
		}
	}
	return out
}

// randomAnswers is an answers JSON as the page might send it.
func randomAnswers(rng *rand.Rand) []byte {
	a := map[string]map[string]string{}
	for range rng.IntN(12) {
		ans := map[string]string{"value": pick(rng, values)}
		if rng.IntN(3) == 0 {
			ans["note"] = pick(rng, values)
		}
		a[pick(rng, ids)] = ans
	}
	b, _ := json.Marshal(a)
	return b
}
