package engine

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"molnkollen"
	"molnkollen/internal/rules"
)

type answers map[string]string

func (a answers) Value(id string) string { return a[id] }

func load(t testing.TB) *rules.Rules {
	t.Helper()
	r, err := rules.Parse(molnkollen.SelfcheckJSON)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// good is a complete set of answers that meets every condition of the
// guideline: a standalone service with only non-sensitive information and a
// good contract, every step done and the decision in order.
func good() answers {
	return answers{
		"namn": "Bokningssystem", "typ": "saas", "driftmodell": "publikt",
		"central": "nej", "okanslig": "ja", "sjalvstandig": "ja", "avtal": "ja",
		"1a": "ja", "2a": "ja", "2b": "ja", "3a": "ja", "3b": "ja", "3c": "ja",
		"4a": "ja", "4b": "nej", "4c": "nej", "4d": "ja",
		"behovsanalys": "klar", "informationskartlaggning": "klar", "informationsklassning": "klar",
		"riskanalys": "klar", "kravstallning": "ejtillamplig", "livscykel": "klar", "upprattaavtal": "klar",
		"skyddsniva": "ja", "itchef": "ja", "accepterar": "ja", "riskbedomning": "ja", "juridik": "ja",
	}
}

func with(base answers, kv ...string) answers {
	a := answers{}
	for k, v := range base {
		a[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(a, kv[i])
		} else {
			a[kv[i]] = kv[i+1]
		}
	}
	return a
}

func TestVerdict(t *testing.T) {
	r := load(t)
	tests := []struct {
		name string
		a    answers
		want string
	}{
		{"all good", good(), VerdictMayFit},
		{"optional belastning and resurser unanswered do not block", with(good(), "belastning", "", "resurser", ""), VerdictMayFit},
		{"optional belastning vetej does not block", with(good(), "belastning", "vetej"), VerdictMayFit},
		{"belastning and resurser ja", with(good(), "belastning", "ja", "resurser", "ja"), VerdictMayFit},
		{"central component", with(good(), "central", "ja"), VerdictLocal},
		{"central component beats every risk", with(answers{}, "central", "ja", "okanslig", "nej", "sjalvstandig", "nej",
			"avtal", "nej", "1a", "nej", "2b", "vetej", "4b", "ja"), VerdictLocal},
		{"central component with nothing else answered", answers{"central": "ja"}, VerdictLocal},
		{"sensitive information", with(good(), "okanslig", "nej"), VerdictDeeper},
		{"many integrations", with(good(), "sjalvstandig", "nej"), VerdictDeeper},
		{"no good contract", with(good(), "avtal", "nej"), VerdictDeeper},
		{"1a not compatible", with(good(), "1a", "nej"), VerdictDeeper},
		{"2a not lawful", with(good(), "2a", "nej"), VerdictDeeper},
		{"2b security", with(good(), "2b", "nej"), VerdictDeeper},
		{"3a responsibility", with(good(), "3a", "nej"), VerdictDeeper},
		{"3b agreements", with(good(), "3b", "nej"), VerdictDeeper},
		{"4b integration needed", with(good(), "4b", "ja"), VerdictDeeper},
		{"risk beats unanswered", with(answers{}, "okanslig", "nej"), VerdictDeeper},
		{"risk beats vetej and open", with(good(), "okanslig", "nej", "1a", "vetej", "3c", "nej"), VerdictDeeper},
		{"required unanswered", with(good(), "2a", ""), VerdictIncomplete},
		{"required vetej", with(good(), "2b", "vetej"), VerdictIncomplete},
		{"central vetej", with(good(), "central", "vetej"), VerdictIncomplete},
		{"central unanswered", with(good(), "central", ""), VerdictIncomplete},
		{"nothing answered", answers{}, VerdictIncomplete},
		{"3c support not settled", with(good(), "3c", "nej"), VerdictIncomplete},
		{"4a way of working not settled", with(good(), "4a", "nej"), VerdictIncomplete},
		{"4c system exists already", with(good(), "4c", "ja"), VerdictIncomplete},
		{"4d no exit plan", with(good(), "4d", "nej"), VerdictIncomplete},
		{"decision answers never change the verdict", with(good(), "skyddsniva", "nej", "itchef", "nej",
			"accepterar", "nej", "riskbedomning", "vetej", "juridik", ""), VerdictMayFit},
		{"process answers never change the verdict", with(good(), "behovsanalys", "", "riskanalys", "ejpaborjad",
			"kravstallning", "pagar"), VerdictMayFit},
		{"text and choice answers never change the verdict", with(good(), "namn", "", "typ", "iaas", "driftmodell", ""), VerdictMayFit},
		{"values that are not allowed count as unanswered", with(good(), "okanslig", "NEJ"), VerdictIncomplete},
	}
	for _, tt := range tests {
		if got := Evaluate(r, tt.a).Verdict; got != tt.want {
			t.Errorf("%s: verdict %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestLists(t *testing.T) {
	r := load(t)
	tests := []struct {
		name                 string
		a                    answers
		reasons, open, route []string
	}{
		{"all good", good(),
			[]string{"central:nej", "okanslig:ja", "sjalvstandig:ja", "avtal:ja"},
			[]string{"belastning:unanswered", "resurser:unanswered"},
			[]string{"informationsagare", "itcenterchef", "underlag"}},
		{"open items of every kind", with(good(), "belastning", "ja", "resurser", "vetej", "1a", "vetej", "3c", "nej",
			"4c", "ja", "4b", "ja", "behovsanalys", "", "riskanalys", "pagar", "livscykel", "ejpaborjad",
			"itchef", "nej", "juridik", "vetej", "riskbedomning", ""),
			[]string{"central:nej", "okanslig:ja", "sjalvstandig:ja", "avtal:ja", "belastning:ja", "4b:ja", "4c:ja"},
			[]string{"resurser:vetej", "1a:vetej", "3c:concern", "4b:concern", "4c:concern",
				"behovsanalys:stepUnanswered", "riskanalys:stepOpen", "livscykel:stepOpen",
				"itchef:concern", "riskbedomning:unanswered", "juridik:vetej"},
			[]string{"informationsagare", "itcenterchef", "underlag"}},
		{"accepterar nej adds kommundirektor", with(good(), "accepterar", "nej", "belastning", "nej", "resurser", "nej"),
			[]string{"central:nej", "okanslig:ja", "sjalvstandig:ja", "avtal:ja"},
			[]string{"accepterar:concern"},
			[]string{"informationsagare", "itcenterchef", "kommundirektor", "underlag"}},
		{"accepterar vetej does not", with(good(), "accepterar", "vetej", "belastning", "nej", "resurser", "nej"),
			[]string{"central:nej", "okanslig:ja", "sjalvstandig:ja", "avtal:ja"},
			[]string{"accepterar:vetej"},
			[]string{"informationsagare", "itcenterchef", "underlag"}},
		{"central component", with(good(), "central", "ja", "belastning", "nej", "resurser", "nej"),
			[]string{"central:ja", "okanslig:ja", "sjalvstandig:ja", "avtal:ja"},
			[]string{"central:concern"},
			[]string{"informationsagare", "itcenterchef", "underlag"}},
	}
	for _, tt := range tests {
		res := Evaluate(r, tt.a)
		if !slices.Equal(res.Reasons, tt.reasons) {
			t.Errorf("%s: reasons\n got %q\nwant %q", tt.name, res.Reasons, tt.reasons)
		}
		if !slices.Equal(res.Open, tt.open) {
			t.Errorf("%s: open\n got %q\nwant %q", tt.name, res.Open, tt.open)
		}
		if !slices.Equal(res.Route, tt.route) {
			t.Errorf("%s: route\n got %q\nwant %q", tt.name, res.Route, tt.route)
		}
	}
	// Nothing answered: every yes/no question and step is open, no reasons.
	res := Evaluate(r, answers{})
	if len(res.Reasons) != 0 || len(res.Open) != 28 || res.Open[0] != "central:unanswered" ||
		res.Open[len(res.Open)-1] != "juridik:unanswered" || !slices.Contains(res.Open, "upprattaavtal:stepUnanswered") {
		t.Errorf("nothing answered: reasons %q, open %q", res.Reasons, res.Open)
	}
}

// texts is the data read independently with encoding/json: every id the
// engine may return must have a Swedish text there.
type texts struct {
	Sections []struct {
		Questions []struct {
			ID      string            `json:"id"`
			Kind    string            `json:"kind"`
			Short   string            `json:"short"`
			Reasons map[string]string `json:"reasons"`
			Todo    string            `json:"todo"`
		} `json:"questions"`
	} `json:"sections"`
	Verdicts []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"verdicts"`
	OpenItems map[string]string `json:"openItems"`
	Route     []struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	} `json:"route"`
}

func (d *texts) text(kind, id string) string {
	switch kind {
	case "verdict":
		for _, v := range d.Verdicts {
			if v.ID == id {
				return v.Title + v.Text
			}
		}
	case "route":
		for _, e := range d.Route {
			if e.ID == id {
				return e.Text
			}
		}
	case "reason", "open":
		qid, suffix, _ := strings.Cut(id, ":")
		for _, s := range d.Sections {
			for _, q := range s.Questions {
				if q.ID != qid {
					continue
				}
				if kind == "reason" {
					return q.Reasons[suffix]
				}
				if suffix == OpenConcern {
					return q.Todo
				}
				if q.Short == "" {
					return ""
				}
				return strings.ReplaceAll(d.OpenItems[suffix], "{short}", q.Short)
			}
		}
	}
	return ""
}

// TestDataAndEngineAgree checks that the data and the engine agree: the
// data's verdicts are exactly the engine's, every one of them is reachable,
// and every id the engine returns for many answer sets has a text in the
// data.
func TestDataAndEngineAgree(t *testing.T) {
	r := load(t)
	var d texts
	if err := json.Unmarshal(molnkollen.SelfcheckJSON, &d); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Verdicts, Verdicts) {
		t.Errorf("data verdicts %q, engine verdicts %q", r.Verdicts, Verdicts)
	}
	for _, v := range Verdicts {
		if d.text("verdict", v) == "" {
			t.Errorf("verdict %s has no title or text in the data", v)
		}
	}
	seen := map[string]bool{}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		// Half the sets are random, half are the good set with a few
		// answers changed, so that every verdict comes up.
		a, p := good(), 0.1
		if rng.IntN(2) == 0 {
			a, p = answers{}, 1
		}
		for _, q := range r.Questions {
			if q.Kind == rules.KindText || rng.Float64() > p {
				continue
			}
			if n := rng.IntN(len(q.Values) + 1); n < len(q.Values) {
				a[q.ID] = q.Values[n]
			} else {
				delete(a, q.ID)
			}
		}
		res := Evaluate(r, a)
		seen["verdict "+res.Verdict] = true
		for kind, ids := range map[string][]string{"reason": res.Reasons, "open": res.Open, "route": res.Route} {
			for _, id := range ids {
				seen[kind+" "+id] = true
				if strings.TrimSpace(d.text(kind, id)) == "" || strings.Contains(d.text(kind, id), "{") {
					t.Fatalf("%s %s has no text in the data", kind, id)
				}
			}
		}
	}
	for _, v := range Verdicts {
		if !seen["verdict "+v] {
			t.Errorf("verdict %s never returned", v)
		}
	}
	for _, e := range r.Route {
		if !seen["route "+e.ID] {
			t.Errorf("route entry %s never returned", e.ID)
		}
	}
	for _, q := range r.Questions {
		for _, reason := range q.Reasons {
			if !seen["reason "+q.ID+":"+reason] {
				t.Errorf("reason %s:%s never returned", q.ID, reason)
			}
		}
	}
}

func TestResultEqual(t *testing.T) {
	r := load(t)
	a, b := Evaluate(r, good()), Evaluate(r, good())
	if !a.Equal(b) {
		t.Error("equal results compare unequal")
	}
	b.Open = append(b.Open, "x")
	if a.Equal(b) {
		t.Error("different results compare equal")
	}
}

func BenchmarkEvaluate(b *testing.B) {
	r := load(b)
	a := with(good(), "belastning", "ja", "resurser", "nej")
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(r, a)
	}
}
