package sitetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// keptJS is everything the page can have kept in this browser for its
// origin, as JSON: sessionStorage, localStorage and every cache's entries
// (name -> URL -> body). The prefix of the page's names is scPrefixJS.
const keptJS = `(async () => {
  const out = {session: {}, local: {}, caches: {}};
  try { out.session = Object.assign({}, sessionStorage); } catch (e) {}
  try { out.local = Object.assign({}, localStorage); } catch (e) {}
  if (typeof caches !== 'undefined') for (const n of await caches.keys()) {
    const c = await caches.open(n); out.caches[n] = {};
    for (const r of await c.keys()) { const res = await c.match(r); if (res) out.caches[n][r.url] = await res.text(); } // the page may delete meanwhile
  }
  return JSON.stringify(out);
})()`

// scPrefixJS is the start of every name the page gives what it keeps: the
// storage key up to its first dot, and the dot ("molnkollen.").
const scPrefixJS = `(k => k.slice(0, k.indexOf('.') + 1))(document.querySelector('` + scRoot + `').getAttribute('` + scStorageAttr + `'))`

// scCacheJS is the name of this rules version's cache of answers.
const scCacheJS = `document.querySelector('` + scRoot + `').getAttribute('` + scStorageAttr + `') + '.' + document.querySelector('` + scRoot + `').dataset.rulesVersion`

type kept struct {
	Session, Local map[string]string
	Caches         map[string]map[string]string
}

func (tb *tab) kept() (k kept, raw string) {
	tb.t.Helper()
	raw = eval[string](tb, keptJS)
	if err := json.Unmarshal([]byte(raw), &k); err != nil {
		tb.t.Fatal(err)
	}
	return k, raw
}

// waitKept waits until what the page keeps holds text (want) or not.
func (tb *tab) waitKept(text string, want bool) bool {
	tb.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, raw := tb.kept(); strings.Contains(raw, text) == want {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// clearAll runs "Rensa alla svar" and its confirmation.
func (tb *tab) clearAll() {
	tb.t.Helper()
	tb.gotoSummary()
	tb.do(chromedp.Click(chromedp.CSS(scClear)), chromedp.Click(chromedp.CSS(scClearYes)))
}

// TestSelfcheckStorage: answers are kept for a reload in Cache Storage,
// under a cache of this rules version, and sessionStorage holds no typed
// text (only the tab's id); "Rensa alla svar" leaves nothing typed in the
// browser's storage, earlier page versions' keys and caches included
// (control: each of them held the text before); stored answers the rules
// refuse are removed with a message.
func TestSelfcheckStorage(t *testing.T) {
	r := selfcheck(t)
	tb := openSelfcheck(t)
	const secret = "Hemlig anteckning 4711"
	tb.fill([]answer{{id: "namn", value: secret}, {id: "central", value: "nej", note: secret}})
	if !tb.waitKept(secret, true) {
		t.Fatal("the answers are not kept in the browser")
	}
	k, _ := tb.kept()
	name := eval[string](tb, scCacheJS)
	if !strings.Contains(name, r.RulesVersion) || !strings.Contains(strings.Join(mapValues(k.Caches[name]), ""), secret) {
		t.Errorf("the answers are not in the cache %q of rules version %s: %v", name, r.RulesVersion, k.Caches)
	}
	if b, _ := json.Marshal(k.Session); strings.Contains(string(b), "Hemlig") {
		t.Errorf("typed text in sessionStorage (its deleted values stay in files on disk): %s", b)
	}
	tb.open(selfcheckPage)
	tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second)
	if got := eval[string](tb, `document.querySelector('`+scForm+`').elements['`+scAnswerName("namn")+`'].value`); got != secret {
		t.Errorf("after a reload the service is %q", got)
	}

	// Keys and a cache of earlier page versions, holding typed text.
	tb.run(`const p = ` + scPrefixJS + `, v = JSON.stringify({namn: {value: ` + jsString(secret) + `}});
		for (const k of ['answers', 'step', 'answers.2022-06-27.1', 'answers.2022-06-27.1.changed']) { sessionStorage.setItem(p + k, v); localStorage.setItem(p + k, v); }`)
	eval[bool](tb, `caches.open(`+scPrefixJS+` + 'answers.2022-06-27.1').then(c => c.put(location.pathname + '?selfcheck=old', new Response(JSON.stringify({answers: {namn: {value: `+jsString(secret)+`}}, saved: Date.now()})))).then(() => true)`)
	k, _ = tb.kept()
	if n := len(k.Caches) + len(k.Session) + len(k.Local); n < 10 {
		t.Fatalf("control: the earlier versions' keys were not written (%d keys and caches)", n)
	}
	tb.clearAll()
	if !tb.waitKept("Hemlig", false) {
		_, raw := tb.kept()
		t.Errorf("typed text left in the browser's storage after the clear: %s", raw)
	}
	k, raw := tb.kept()
	prefix := eval[string](tb, scPrefixJS)
	for _, m := range []map[string]string{k.Session, k.Local} {
		for key := range m {
			if strings.HasPrefix(key, prefix) {
				t.Errorf("key %q left after the clear", key)
			}
		}
	}
	for n, entries := range k.Caches {
		if strings.HasPrefix(n, prefix) && len(entries) > 0 {
			t.Errorf("cache %q keeps entries after the clear: %s", n, raw)
		}
	}

	// A damaged copy of this tab's answers (a text longer than the rules
	// allow): removed, and the page says so; another unfinished self-check
	// the browser keeps stays as it is.
	eval[bool](tb, `(async () => { sessionStorage.setItem(`+scPrefixJS+` + 'tab', 'damaged');
		const c = await caches.open(`+scCacheJS+`);
		await c.put(location.pathname + '?selfcheck=damaged', new Response(JSON.stringify({answers: {central: {value: 'nej'}, namn: {value: '`+strings.Repeat("x", r.Limits.TextChars+1)+`'}}, saved: Date.now()})));
		await c.put(location.pathname + '?selfcheck=other', new Response(JSON.stringify({answers: {namn: {value: 'Annan påbörjad'}}, saved: Date.now()})));
		return true; })()`)
	tb.open(selfcheckPage)
	if !tb.waitFor(`document.querySelector('`+scReady+`') && !document.getElementById('sc-restore-failed').hidden`, 20*time.Second) {
		_, raw := tb.kept()
		t.Fatalf("stored answers the rules refuse: no message (namn has %d characters; kept %.300s)", eval[int](tb, `document.querySelector('`+scForm+`').elements['`+scAnswerName("namn")+`'].value.length`), raw)
	}
	if tb.waitKept("xxxxxxxxxx", false); strings.Contains(func() string { _, raw := tb.kept(); return raw }(), "xxxxxxxxxx") {
		t.Error("the damaged copy was kept")
	}
	if _, raw := tb.kept(); !strings.Contains(raw, "Annan påbörjad") {
		t.Errorf("removing this tab's damaged copy removed another unfinished self-check too: %.300s", raw)
	}
	if len(eval[[]string](tb, scVisible("outcome"))) != len(r.Parts) {
		t.Error("no result after removing the damaged copy")
	}
	tb.axe("stored answers could not be read")
	tb.checkClean()
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
