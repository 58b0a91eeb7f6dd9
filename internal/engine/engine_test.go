package engine

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"molnkollen"
	"molnkollen/internal/rules"
)

// answers is a test answer set: question id -> value, and notes.
type answers map[string]string

func (a answers) Value(id string) string { return a[id] }
func (a answers) Note(id string) string  { return a["note:"+id] }

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
// good contract, the four questions answered and described, every step of
// the checklist gone through and the decision basis in order.
func good() answers {
	return answers{
		"namn": "Bokningssystem", "typ": "saas", "driftmodell": "publikt",
		"central": "nej", "okanslig": "ja", "sjalvstandig": "ja", "avtal": "ja",
		"1a": "ja", "2a": "ja", "2b": "ja", "3a": "ja", "3b": "ja",
		"3c": "Via IT-centers servicedesk.", "4a": "I webbläsaren, ingen annan applikation samtidigt.",
		"4b": "nej", "4c": "nej", "4d": "Export till CSV ingår i avtalet.",
		"behovsanalys": "klar", "informationskartlaggning": "klar", "informationsklassning": "klar",
		"riskanalys": "klar", "kravstallning": "ejtillamplig", "note:kravstallning": "Inga egna krav utöver leverantörens standardavtal.",
		"livscykel": "klar", "upprattaavtal": "klar",
		"skyddsniva": "ja", "riskbedomning": "ja", "juridik": "ja", "itchef": "ja", "accepterar": "ja",
	}
}

// with returns a copy of base with the given id/value pairs set ("" deletes).
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

// Outcome ids of the two parts, as the data names them.
const (
	fitLocal      = "lokal-drift"
	fitNotAligned = "uppfyller-inte"
	fitWorse      = "passar-samre"
	fitUnknown    = "ej-bedomd"
	fitMay        = "kan-passa"
	notReady      = "inte-klart"
	ready         = "klart"
)

func TestGoodIsGood(t *testing.T) {
	r := load(t)
	res := Evaluate(r, good())
	if !slices.Equal(res.Outcomes, []string{fitMay, ready}) || len(res.Open) != 0 {
		t.Fatalf("good(): %+v", res)
	}
	if want := []string{"central:nej", "okanslig:ja", "sjalvstandig:ja", "avtal:ja"}; !slices.Equal(res.Reasons, want) {
		t.Errorf("reasons %q, want %q", res.Reasons, want)
	}
	if want := []string{"informationsagare", "itcenterchef", "verksamhet", "underlag"}; !slices.Equal(res.Route, want) {
		t.Errorf("route %q, want %q", res.Route, want)
	}
	if len(res.Grounds) != 0 || len(res.Assumptions) != 0 {
		t.Errorf("grounds %q, assumptions %q, want none", res.Grounds, res.Assumptions)
	}
}

// passage is one rule of the guideline: answers changed from good() and
// what the result must then hold.
type passage struct {
	name    string
	a       answers
	fit     string   // "" : not checked
	ready   string   // "" : not checked
	reasons []string // must be among the reasons
	open    []string // must be exactly the open items (nil: none)
	route   []string // nil: not checked
	grounds []string // must be exactly the grounds (nil: none)
	assumed []string // must be exactly the assumptions (nil: none)
}

// Each case is named after the passage of the guideline it rests on. The
// first assessment's answers are facts about the service: they decide the
// first part, its grounds and its reasons. A condition of "När passar en
// molntjänst?" that is not met is never a verdict on the basis: what the
// guideline asks for then is the decision basis's risk assessment, so the
// open item it gives ("cover": take it up in the risk assessment) is done
// once the basis holds one, and the basis can be ready either way.
var passages = []passage{
	// När passar en molntjänst?
	{name: "När passar en molntjänst?/Centrala komponenter ... där ska lokal drift användas i första hand",
		a: with(good(), "central", "ja"), fit: fitLocal, ready: ready,
		reasons: []string{"central:ja"}, grounds: []string{"central:ja"}},
	{name: "När passar en molntjänst?/passar bäst: Tjänsten ska bara hantera okänslig information",
		a: with(good(), "okanslig", "nej"), fit: fitWorse, ready: ready,
		reasons: []string{"okanslig:nej"}, grounds: []string{"okanslig:nej"}},
	{name: "När passar en molntjänst?/passar bäst: Tjänsten är självständig och utan eller få integrationer/låg komplexitet",
		a: with(good(), "sjalvstandig", "nej"), fit: fitWorse, ready: ready,
		reasons: []string{"sjalvstandig:nej"}, grounds: []string{"sjalvstandig:nej"}},
	{name: "När passar en molntjänst?/passar bäst: goda förutsättningar att avtala om relevanta krav och följa upp",
		a: with(good(), "avtal", "nej"), fit: fitWorse, ready: ready,
		reasons: []string{"avtal:nej"}, grounds: []string{"avtal:nej"}},
	{name: "När passar en molntjänst?/stor variation i belastning: ett bra alternativ (a reason in favour)",
		a: with(good(), "belastning", "ja"), fit: fitMay, ready: ready, reasons: []string{"belastning:ja"}},
	{name: "När passar en molntjänst?/beslut att det inte finns stödresurser: kostnadseffektivt alternativ (in favour)",
		a: with(good(), "resurser", "ja"), fit: fitMay, ready: ready, reasons: []string{"resurser:ja"}},
	{name: "När passar en molntjänst?/optional questions never leave open items",
		a: with(good(), "belastning", "vetej", "resurser", "nej"), fit: fitMay, ready: ready},
	{name: "När passar en molntjänst?/a best condition not yet known: not assessed",
		a: with(good(), "avtal", "vetej"), fit: fitUnknown, ready: notReady, open: []string{"avtal:vetej"},
		grounds: []string{"avtal:unknown"}},
	{name: "När passar en molntjänst?/every condition not met and every one not known is named, whatever the outcome",
		a: with(good(), "central", "", "okanslig", "nej", "sjalvstandig", "vetej", "avtal", "nej"), fit: fitWorse, ready: notReady,
		open:    []string{"central:unanswered", "sjalvstandig:vetej"},
		grounds: []string{"central:unknown", "okanslig:nej", "sjalvstandig:unknown", "avtal:nej"}},
	{name: "När passar en molntjänst?/a central component: the conditions not met are named too",
		a: with(good(), "central", "ja", "okanslig", "nej"), fit: fitLocal, ready: ready,
		grounds: []string{"central:ja", "okanslig:nej"}},
	{name: "När passar en molntjänst? + Beslut om molnlagring/a condition not met is taken up in the risk assessment of the decision basis",
		a: with(good(), "okanslig", "nej", "avtal", "nej", "riskbedomning", "nej"), fit: fitWorse, ready: notReady,
		open:    []string{"okanslig:cover", "avtal:cover", "riskbedomning:concern"},
		grounds: []string{"okanslig:nej", "avtal:nej"}},
	{name: "När passar en molntjänst? + Beslut om molnlagring/not yet known whether the basis holds a risk assessment: still to take up",
		a: with(good(), "sjalvstandig", "nej", "riskbedomning", "vetej"), fit: fitWorse, ready: notReady,
		open:    []string{"sjalvstandig:cover", "riskbedomning:vetej"},
		grounds: []string{"sjalvstandig:nej"}},
	{name: "Process och analysbehov + När passar en molntjänst?/bara okänslig information while Informationsklassning is not done: an assumption",
		a: with(good(), "informationsklassning", "pagar"), fit: fitMay, ready: notReady,
		open: []string{"informationsklassning:stepOpen"}, assumed: []string{"okanslig-oklassad"}},
	{name: "Process och analysbehov + När passar en molntjänst?/Informationsklassning not applicable: still an assumption",
		a: with(good(), "informationsklassning", "ejtillamplig", "note:informationsklassning", "Ingen information lagras."), fit: fitMay, ready: ready,
		assumed: []string{"okanslig-oklassad"}},
	{name: "Process och analysbehov + När passar en molntjänst?/sensitive information is no assumption, classified or not",
		a: with(good(), "okanslig", "nej", "informationsklassning", "ejpaborjad"), fit: fitWorse, ready: notReady,
		open: []string{"informationsklassning:stepOpen"}, grounds: []string{"okanslig:nej"}},
	// Bakgrund: den övergripande inriktningen.
	{name: "Bakgrund/tjänster som uppfyller lagen, som är säkra (fråga 1a nej)",
		a: with(good(), "1a", "nej"), fit: fitNotAligned, ready: ready, reasons: []string{"1a:nej"}, grounds: []string{"1a:nej"}},
	{name: "Bakgrund/tjänster som uppfyller lagen, som är säkra (fråga 2a nej)",
		a: with(good(), "2a", "nej"), fit: fitNotAligned, ready: ready, reasons: []string{"2a:nej"}, grounds: []string{"2a:nej"}},
	{name: "Bakgrund/tjänster som uppfyller lagen, som är säkra (fråga 2b nej)",
		a: with(good(), "2b", "nej"), fit: fitNotAligned, ready: ready, reasons: []string{"2b:nej"}, grounds: []string{"2b:nej"}},
	// Grundläggande frågeställningar: bör belysas.
	{name: "Grundläggande frågeställningar/1a 2a 2b not known yet are open, not against cloud",
		a: with(good(), "1a", "vetej", "2b", ""), fit: fitMay, ready: notReady, open: []string{"1a:vetej", "2b:unanswered"}},
	{name: "Grundläggande frågeställningar/3a ansvar inte tydligt",
		a: with(good(), "3a", "nej"), fit: fitMay, ready: notReady, open: []string{"3a:concern"}},
	{name: "Grundläggande frågeställningar/3b inga godkända avtal för annan personal",
		a: with(good(), "3b", "nej"), fit: fitMay, ready: notReady, open: []string{"3b:concern"}},
	{name: "Grundläggande frågeställningar/3c 4a 4d Hur ...? are described; empty is open",
		a: with(good(), "3c", "", "4a", "", "4d", ""), fit: fitMay, ready: notReady,
		open: []string{"3c:describe", "4a:describe", "4d:describe"}},
	{name: "Grundläggande frågeställningar/4b one integration: standalone service still may fit; Hur ska detta gå till? is described",
		a: with(good(), "4b", "ja", "4b-hur", "Elevregistret läses varje natt via filöverföring."), fit: fitMay, ready: ready},
	{name: "Grundläggande frågeställningar/4b ja without a description is open",
		a: with(good(), "4b", "ja"), fit: fitMay, ready: notReady, open: []string{"4b-hur:describe"}},
	{name: "Grundläggande frågeställningar/4b nej: the description is not asked and counts for nothing",
		a: with(good(), "4b", "nej", "4b-hur", "kvar från ett tidigare svar"), fit: fitMay, ready: ready},
	{name: "Grundläggande frågeställningar/4c an existing system is belyst with a motivation, not a blocker",
		a: with(good(), "4c", "ja", "4c-varfor", "Det befintliga systemet saknar stöd för mobil bokning."), fit: fitMay, ready: ready},
	{name: "Grundläggande frågeställningar/4c ja without motivation is open",
		a: with(good(), "4c", "ja"), fit: fitMay, ready: notReady, open: []string{"4c-varfor:describe"}},
	// Process och analysbehov: samtliga punkter i checklistan går igenom.
	{name: "Process och analysbehov/samtliga punkter går igenom: unanswered, ongoing and not started steps are open",
		a: with(good(), "behovsanalys", "", "riskanalys", "pagar", "livscykel", "ejpaborjad"), fit: fitMay, ready: notReady,
		open: []string{"behovsanalys:stepUnanswered", "riskanalys:stepOpen", "livscykel:stepOpen"}},
	{name: "Process och analysbehov/a step marked not applicable needs a motivation",
		a: with(good(), "note:kravstallning", "", "riskanalys", "ejtillamplig"), fit: fitMay, ready: notReady,
		open: []string{"riskanalys:motivation", "kravstallning:motivation"}},
	// Beslut om molnlagring.
	{name: "Beslut om molnlagring/informationsägaren behöver besluta om skyddsnivå och accepterad risk",
		a: with(good(), "skyddsniva", "nej"), fit: fitMay, ready: notReady, open: []string{"skyddsniva:concern"}},
	{name: "Beslut om molnlagring/beslutsunderlaget ska innehålla en riskbedömning",
		a: with(good(), "riskbedomning", "nej"), fit: fitMay, ready: notReady, open: []string{"riskbedomning:concern"}},
	{name: "Beslut om molnlagring/beslutsunderlaget ska beskriva juridiskt ansvar och varumärke",
		a: with(good(), "juridik", "vetej"), fit: fitMay, ready: notReady, open: []string{"juridik:vetej"}},
	{name: "Beslut om molnlagring/IT-centerchef ska alltid vara med i beslutet",
		a: with(good(), "itchef", "nej"), fit: fitMay, ready: notReady, open: []string{"itchef:concern"},
		route: []string{"informationsagare", "itcenterchef", "verksamhet", "underlag"}},
	{name: "Beslut om molnlagring/accepterar is asked only once IT-centerchef is part of the decision",
		a: with(good(), "itchef", "vetej", "accepterar", "nej"), fit: fitMay, ready: notReady, open: []string{"itchef:vetej"},
		route: []string{"informationsagare", "itcenterchef", "verksamhet", "underlag"}},
	{name: "Beslut om molnlagring/IT-centerchef has not taken a position yet: nothing missing in the basis",
		a: with(good(), "accepterar", "inteannu"), fit: fitMay, ready: ready,
		route: []string{"informationsagare", "itcenterchef", "verksamhet", "underlag"}},
	{name: "Beslut om molnlagring/accepterar unanswered is open",
		a: with(good(), "accepterar", ""), fit: fitMay, ready: notReady, open: []string{"accepterar:unanswered"}},
	{name: "Beslut om molnlagring/inte accepterar IT-centerchefens ställningstagande: lyftas till kommundirektören",
		a: with(good(), "accepterar", "nej"), fit: fitMay, ready: ready,
		route: []string{"informationsagare", "itcenterchef", "verksamhet", "kommundirektor", "underlag"}},
}

func TestPassages(t *testing.T) {
	r := load(t)
	for _, p := range passages {
		t.Run(p.name, func(t *testing.T) {
			res := Evaluate(r, p.a)
			if p.fit != "" && res.Outcomes[0] != p.fit {
				t.Errorf("fit %s, want %s", res.Outcomes[0], p.fit)
			}
			if p.ready != "" && res.Outcomes[1] != p.ready {
				t.Errorf("ready %s, want %s", res.Outcomes[1], p.ready)
			}
			for _, id := range p.reasons {
				if !slices.Contains(res.Reasons, id) {
					t.Errorf("reasons %q lack %s", res.Reasons, id)
				}
			}
			if !slices.Equal(res.Open, p.open) && !(len(res.Open) == 0 && len(p.open) == 0) {
				t.Errorf("open %q, want %q", res.Open, p.open)
			}
			if p.route != nil && !slices.Equal(res.Route, p.route) {
				t.Errorf("route %q, want %q", res.Route, p.route)
			}
			if !slices.Equal(res.Grounds, p.grounds) && !(len(res.Grounds) == 0 && len(p.grounds) == 0) {
				t.Errorf("grounds %q, want %q", res.Grounds, p.grounds)
			}
			if !slices.Equal(res.Assumptions, p.assumed) && !(len(res.Assumptions) == 0 && len(p.assumed) == 0) {
				t.Errorf("assumptions %q, want %q", res.Assumptions, p.assumed)
			}
		})
	}
}

// TestFitTruthTable runs the first assessment for every combination of its
// answers against the figure as the guideline states it, written here a
// second time: central component -> local first; 1a, 2a or 2b nej -> not
// the guideline's direction; a best condition nej -> fits worse; a best
// condition not known -> not assessed; else may fit. The other answers
// never change this part. Whatever the outcome, its grounds name every
// condition that holds: central ja, a best condition or 1a/2a/2b nej, and
// central or a best condition not known.
func TestFitTruthTable(t *testing.T) {
	r := load(t)
	yn := []string{"", "ja", "nej", "vetej"}
	best := []string{"okanslig", "sjalvstandig", "avtal"}
	n := 0
	for _, central := range yn {
		for _, o := range yn {
			for _, s := range yn {
				for _, av := range yn {
					for _, q1a := range yn {
						for _, q2a := range yn {
							for _, q2b := range yn {
								a := with(good(), "central", central, "okanslig", o, "sjalvstandig", s, "avtal", av,
									"1a", q1a, "2a", q2a, "2b", q2b)
								var want string
								switch {
								case central == "ja":
									want = fitLocal
								case q1a == "nej" || q2a == "nej" || q2b == "nej":
									want = fitNotAligned
								case slices.ContainsFunc(best, func(id string) bool { return a[id] == "nej" }):
									want = fitWorse
								case slices.ContainsFunc(append(best, "central"), func(id string) bool { return a[id] == "" || a[id] == "vetej" }):
									want = fitUnknown
								default:
									want = fitMay
								}
								res := Evaluate(r, a)
								if got := res.Outcomes[0]; got != want {
									t.Fatalf("%v: fit %s, want %s", a, got, want)
								}
								if g := wantGrounds(a); !slices.Equal(res.Grounds, g) {
									t.Fatalf("%v: grounds %q, want %q", a, res.Grounds, g)
								}
								n++
							}
						}
					}
				}
			}
		}
	}
	if n != 4*4*4*4*4*4*4 {
		t.Fatalf("%d combinations", n)
	}
}

// wantGrounds is the grounds of the first part for a, as the guideline's
// conditions state them (see TestFitTruthTable).
func wantGrounds(a answers) []string {
	var out []string
	for _, id := range []string{"central", "okanslig", "sjalvstandig", "avtal", "1a", "2a", "2b"} {
		v, first := a[id], id == "central" || id == "okanslig" || id == "sjalvstandig" || id == "avtal"
		switch {
		case id == "central" && v == "ja" || id != "central" && v == "nej":
			out = append(out, id+":"+v)
		case first && (v == "" || v == "vetej"):
			out = append(out, id+":unknown")
		}
	}
	return out
}

func TestNothingAnswered(t *testing.T) {
	r := load(t)
	res := Evaluate(r, answers{})
	if !slices.Equal(res.Outcomes, []string{fitUnknown, notReady}) || len(res.Reasons) != 0 {
		t.Errorf("nothing answered: %+v", res)
	}
	// Every required question that is asked, and every step, is open;
	// nothing else is.
	var want []string
	for _, q := range r.Questions {
		if k := OpenKinds(r, q); len(k) > 0 && q.ShowIf == nil && (q.Required || q.Kind == rules.KindStatus) {
			want = append(want, q.ID+":"+k[0])
		}
	}
	if !slices.Equal(res.Open, want) {
		t.Errorf("open\n got %q\nwant %q", res.Open, want)
	}
}

// text returns the Swedish text of a result id, as the model holds it.
func text(r *rules.Rules, list, id string) string {
	switch list {
	case "outcome":
		if _, o := r.Outcome(id); o != nil {
			return o.Title + o.Text
		}
	case "route":
		if e := r.RouteEntry(id); e != nil {
			return e.Text
		}
	case "assumption":
		if a := r.Assumption(id); a != nil {
			return a.Text
		}
	case "reason", "open", "ground":
		qid, kind, _ := strings.Cut(id, ":")
		q := r.Question(qid)
		switch {
		case q == nil:
		case list == "reason" || list == "ground" && kind != rules.GroundUnknown:
			return q.Reason(kind)
		case list == "ground":
			return q.Short
		case kind == rules.OpenCover && q.Cover != nil:
			return q.Cover.Todo
		case kind == rules.OpenConcern || kind == rules.OpenDescribe:
			return q.Todo
		default:
			return strings.ReplaceAll(r.OpenItems[kind], "{short}", q.Short)
		}
	}
	return ""
}

// TestDataAndEngineAgree checks that every id the engine returns for many
// answer sets has a text in the data, and that every outcome, reason and
// route entry of the data is reachable.
func TestDataAndEngineAgree(t *testing.T) {
	r := load(t)
	seen := map[string]bool{}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		// Half the sets are random, half are good() with a few answers
		// changed, so that every outcome comes up.
		a, p := good(), 0.1
		if rng.IntN(2) == 0 {
			a, p = answers{}, 1
		}
		for _, q := range r.Questions {
			if rng.Float64() > p {
				continue
			}
			switch n := rng.IntN(len(q.Options) + 2); {
			case n < len(q.Options):
				a[q.ID] = q.Options[n].Value
			case n == len(q.Options) && (q.Kind == rules.KindDescription || q.Kind == rules.KindText):
				a[q.ID] = "text"
			default:
				delete(a, q.ID)
			}
			if rng.IntN(3) == 0 {
				delete(a, "note:"+q.ID)
			}
		}
		res := Evaluate(r, a)
		for kind, ids := range map[string][]string{"outcome": res.Outcomes, "reason": res.Reasons, "open": res.Open, "route": res.Route,
			"ground": res.Grounds, "assumption": res.Assumptions} {
			for _, id := range ids {
				seen[kind+" "+id] = true
				if s := text(r, kind, id); strings.TrimSpace(s) == "" || strings.Contains(s, "{") {
					t.Fatalf("%s %s has no text in the data", kind, id)
				}
			}
		}
	}
	for _, p := range r.Parts {
		for _, o := range p.Outcomes {
			if !seen["outcome "+o.ID] {
				t.Errorf("outcome %s never returned", o.ID)
			}
		}
	}
	for _, e := range r.Route {
		if !seen["route "+e.ID] {
			t.Errorf("route entry %s never returned", e.ID)
		}
	}
	for _, p := range r.Parts {
		for _, a := range p.Assumptions {
			if !seen["assumption "+a.ID] {
				t.Errorf("assumption %s never returned", a.ID)
			}
		}
	}
	for _, q := range r.Questions {
		answers, unknown := r.GroundAnswers(q.ID)
		if unknown {
			answers = append(answers, rules.GroundUnknown)
		}
		for _, g := range answers {
			if !seen["ground "+q.ID+":"+g] {
				t.Errorf("ground %s:%s never returned", q.ID, g)
			}
		}
	}
	for _, q := range r.Questions {
		for _, reason := range q.Reasons {
			if !seen["reason "+q.ID+":"+reason.Answer] {
				t.Errorf("reason %s:%s never returned", q.ID, reason.Answer)
			}
		}
		for _, k := range OpenKinds(r, q) {
			if !seen["open "+q.ID+":"+k] {
				t.Errorf("open item %s:%s never returned", q.ID, k)
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
	c := Evaluate(r, good())
	c.Outcomes[1] = notReady
	if a.Equal(c) {
		t.Error("different outcomes compare equal")
	}
}

func BenchmarkEvaluate(b *testing.B) {
	r := load(b)
	a := with(good(), "belastning", "ja", "resurser", "nej", "4b", "ja")
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(r, a)
	}
}
