// Command selfcheck checks a self-check file exported from the site: it
// validates the file, verifies its fingerprint, evaluates the answers again
// with the same engine as the browser, under the rules version the file
// was made with (today's, or one kept in data/versions), checks that the
// stored result is the same, and prints the result as plain text in
// Swedish, with every text from the rules.
//
//	go run ./cmd/selfcheck FILE.json
//	go run ./cmd/selfcheck -fingerprint FILE.json
//	go run ./cmd/selfcheck -canonical FILE.json | sha256sum
//	go run ./cmd/selfcheck -diff OLD.json NEW.json
//	go run ./cmd/selfcheck -site DIR FILE.json
//
// Without -site it checks with this project's data, as built in; -site DIR
// checks with the data of the site folder DIR (data/selfcheck.json and the
// earlier versions its "previous" lists, in data/versions/), read as
// internal/rulesgen reads it for that site's wasm module: so another
// organisation's files, saved on a site built with `cmd/site -source DIR`,
// are read as its page reads them.
//
// The report ends with the file's decision record: each role's entry, and
// whether it was made on the file's answers. -diff prints how the second
// file's answers and result differ from the first's.
//
// The exit status is 0 for a valid file whose result checks out, 1 for a
// file that is refused, whose stored result differs, or in which a role's
// latest decision was made on other answers than the file's, and 2 for a
// usage error (-diff: 0 when both files are read, whatever they say). -fingerprint prints only the fingerprint computed from the
// answers; -canonical only the canonical answers JSON the fingerprint is
// the SHA-256 of (in a pipe, the shell hides exit status 1 unless
// "set -o pipefail": prefer -fingerprint).
//
// Everything that comes from the file is printed through a filter that
// shows control and formatting characters as \u{...}, so a crafted file
// cannot move the cursor, clear the screen or reorder text.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"molnkollen"
	"molnkollen/internal/engine"
	"molnkollen/internal/record"
	"molnkollen/internal/rules"
	"molnkollen/internal/rulesgen"
)

func main() {
	err := run(os.Args[1:], safeWriter{os.Stdout}, safeWriter{os.Stderr})
	var e exitError
	if errors.As(err, &e) {
		os.Exit(int(e))
	}
	if err != nil {
		fmt.Fprintln(safeWriter{os.Stderr}, err)
		os.Exit(1)
	}
}

// exitError is an exit status; run has already said why.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const (
	exitInvalid exitError = 1
	exitUsage   exitError = 2
)

func run(args []string, stdout, stderr io.Writer) error {
	site, err := rulesgen.ReadFS(molnkollen.Data())
	if err != nil {
		return err
	}
	ui := texts(site.Rules.Checker)
	opt, ok := parseArgs(args)
	if !ok {
		fmt.Fprintln(stderr, ui.get("usage"))
		return exitUsage
	}
	if opt.site != "" {
		if site, err = rulesgen.Read(opt.site); err != nil {
			fmt.Fprintf(stderr, "%s: %s (%v)\n", opt.site, ui.get("siteUnreadable"), err)
			return exitUsage
		}
		ui = ui.overlaid(site.Rules.Checker)
	}
	var ims []*record.Imported
	for _, name := range opt.files {
		im, err := importFile(site, ui, name, stderr)
		if err != nil {
			return err
		}
		ims = append(ims, im)
	}
	cur := site.Rules
	switch {
	case opt.diff:
		compare(stdout, ui, cur, ims[0], ims[1])
		return nil
	case opt.canonical:
		_, err := stdout.Write(record.Canonical(ims[0].File.Answers))
		return err
	case opt.fingerprint:
		_, err := fmt.Fprintln(stdout, ims[0].File.Fingerprint)
		return err
	}
	return check(stdout, ui, cur, ims[0])
}

// options are the command line's flags and files.
type options struct {
	canonical, fingerprint, diff bool
	site                         string // a site folder whose self-check data to check with
	files                        []string
}

// parseArgs reads the command line; ok is false for a usage error.
func parseArgs(args []string) (opt options, ok bool) {
	fs := flag.NewFlagSet("selfcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&opt.canonical, "canonical", false, "print only the canonical answers JSON")
	fs.BoolVar(&opt.fingerprint, "fingerprint", false, "print only the fingerprint of the answers")
	fs.BoolVar(&opt.diff, "diff", false, "print how the second file differs from the first")
	fs.StringVar(&opt.site, "site", "", "check with the self-check data of the site folder `DIR`")
	if err := fs.Parse(args); err != nil {
		return opt, false
	}
	opt.files = fs.Args()
	return opt, len(opt.files) == 1+btoi(opt.diff) && btoi(opt.canonical)+btoi(opt.fingerprint)+btoi(opt.diff) <= 1
}

// check prints the report of a file that was read, and says whether its
// stored result and its decisions check out.
func check(stdout io.Writer, ui texts, cur *rules.Rules, im *record.Imported) error {
	f := im.File
	rep := &report{w: stdout, ui: ui, r: im.With, f: f}
	rep.print(im.Fresh, im.From != nil)
	other := rep.decisions()
	if im.Differs() {
		fmt.Fprintln(stdout, ui.get("resultMismatch"))
		rep.differences(record.Diff(cur, im.With, f.Result, im.Fresh))
		diff(stdout, f.Result, im.Fresh)
		return exitInvalid
	}
	fmt.Fprintln(stdout, ui.get("resultOK"))
	if other {
		fmt.Fprintln(stdout, cur.Messages[record.CodeOtherAnswers])
		return exitInvalid
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// importFile reads and checks the file at name (record.Import), or says on
// stderr why it is refused and returns exit status 1.
func importFile(site *rulesgen.Site, ui texts, name string, stderr io.Writer) (*record.Imported, error) {
	cur := site.Rules
	data, err := readAtMost(name, cur.Limits.FileBytes)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s (%v)\n", name, ui.get("unreadable"), err)
		return nil, exitInvalid
	}
	im, err := record.Import(cur, data, site.Older)
	if err != nil {
		var e *record.Error
		if !errors.As(err, &e) {
			return nil, err
		}
		fmt.Fprintf(stderr, "%s: %s: %s\n[%s] %s\n", name, ui.get("invalid"), fill(cur.Messages[e.Code], e.Args), e.Code, e.Detail)
		return nil, exitInvalid
	}
	return im, nil
}

// readAtMost reads a file, but never more than limit+1 bytes: a larger file
// is refused by the importer without being read whole.
func readAtMost(name string, limit int) ([]byte, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return io.ReadAll(io.LimitReader(fh, int64(limit)+1))
}

// fill puts the values of a refused file's message in its placeholders
// ("{organisation}" and so on), as the page does.
func fill(msg string, args map[string]string) string {
	for k, v := range args {
		msg = strings.ReplaceAll(msg, "{"+k+"}", v)
	}
	return msg
}

// texts are the checker's own words, from "checker" in the data.
type texts map[string]string

// overlaid returns the site's own words, with these for the keys it leaves
// out: a site keeps the checker's words by not writing them.
func (t texts) overlaid(own map[string]string) texts {
	out := texts{}
	for k, v := range t {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}

// get returns a text; a missing one shows as its key, which the tests catch.
func (t texts) get(key string) string {
	if s := t[key]; s != "" {
		return s
	}
	return "[" + key + "]"
}

// report prints a checked file and its fresh result.
type report struct {
	w  io.Writer
	ui texts
	r  *rules.Rules
	f  *record.File
}

func (p *report) line(format string, args ...any) { fmt.Fprintf(p.w, format+"\n", args...) }

// cite names a guideline passage in words.
func (p *report) cite(anchor string) string {
	return "(" + strings.ReplaceAll(p.ui.get("cite"), "{passage}", p.r.Passage(anchor)) + ")"
}

func (p *report) print(res engine.Result, older bool) {
	r, f, ui := p.r, p.f, p.ui
	p.line("%s", ui.get("heading"))
	if r.Organisation.Name != "" {
		p.line("%s: %s", ui.get("organisation"), r.Organisation.Name)
	}
	p.line("%s: %s, %s %s", ui.get("guideline"), r.Guideline.Title, ui.get("validFrom"), r.Guideline.ValidFrom)
	p.line("%s: %s", ui.get("rulesVersion"), r.RulesVersion)
	if older {
		p.line("%s", strings.ReplaceAll(ui.get("olderRules"), "{version}", r.RulesVersion))
	}
	for _, q := range r.Questions {
		if a := f.Answers[q.ID]; q.Identifies && a.Value != "" {
			p.line("%s: %s", q.Label, a.Value)
		}
	}
	p.line("%s: %s", ui.get("exportedAt"), f.ExportedAt)
	p.line("%s: %s\n%s", ui.get("fingerprint"), f.Fingerprint, ui.get("fingerprintOK"))

	for i, part := range r.Parts {
		p.part(part, res, res.Outcomes[i])
	}
	p.line("\n%s:", ui.get("reasons"))
	if len(res.Reasons) == 0 {
		p.line("%s", ui.get("none"))
	}
	for _, id := range res.Reasons {
		q, a := split(r, id)
		p.line("- %s %s", q.Reason(a), p.cite(q.Cite))
	}
	p.open(res.Open)
	p.line("\n%s:", ui.get("route"))
	for _, id := range res.Route {
		e := r.RouteEntry(id)
		p.line("- %s %s", e.Text, p.cite(e.Cite))
	}
	p.answers()
	p.line("")
}

// part prints a part's outcome, then its grounds (the answers that decide
// it, the questions not answered Ja or Nej), what the guideline asks for
// then, and the assumptions it rests on.
func (p *report) part(part *rules.Part, res engine.Result, outcome string) {
	_, o := p.r.Outcome(outcome)
	p.line("\n%s\n%s\n%s %s", part.Title, o.Title, o.Text, p.cite(o.Cite))
	var decide, unknown []string
	for _, id := range res.Grounds {
		q, a := split(p.r, id)
		answers, unk := part.GroundAnswers(q.ID)
		switch {
		case !slices.Contains(answers, a) && !(unk && a == rules.GroundUnknown):
			// a ground of another part
		case a == rules.GroundUnknown:
			unknown = append(unknown, "- "+q.Short)
		default:
			decide = append(decide, "- "+q.Reason(a)+" "+p.cite(q.Cite))
		}
	}
	for _, l := range []struct {
		key   string
		lines []string
	}{{"grounds", decide}, {"unknown", unknown}} {
		if len(l.lines) > 0 {
			p.line("%s:\n%s", p.ui.get(l.key), strings.Join(l.lines, "\n"))
		}
	}
	if o.Asks != "" {
		p.line("%s %s", o.Asks, p.cite(o.AsksCite))
	}
	for _, id := range res.Assumptions {
		if a := p.r.Assumption(id); slices.Contains(part.Assumptions, a) {
			p.line("%s: %s %s", p.ui.get("assumption"), a.Text, p.cite(a.Cite))
		}
	}
}

// open prints the open items grouped by the section of their question.
func (p *report) open(ids []string) {
	p.line("\n%s:", p.ui.get("open"))
	if len(ids) == 0 {
		p.line("%s", p.ui.get("none"))
	}
	section := ""
	for _, id := range ids {
		q, kind := split(p.r, id)
		if q.Section != section {
			section = q.Section
			p.line("%s", heading(sectionTitle(p.r, section)))
		}
		p.line("- %s", p.r.OpenText(q, kind))
	}
}

// answers prints every answer, free text whole: a description's lines are
// indented under its question.
func (p *report) answers() {
	p.line("\n%s:", p.ui.get("answers"))
	n := 0
	for _, s := range p.r.Sections {
		header := false
		for _, q := range s.Questions {
			a, ok := p.f.Answers[q.ID]
			if !ok {
				continue
			}
			if !header {
				p.line("%s", heading(s.Title))
				header = true
			}
			n++
			value := a.Value
			if o := q.Option(a.Value); o != nil {
				value = o.Label
			}
			p.line("- %s\n  %s", q.Label, indent(value))
			if a.Note != "" {
				p.line("  %s: %s", p.ui.get("note"), indent(a.Note))
			}
		}
	}
	if n == 0 {
		p.line("%s", p.ui.get("none"))
	}
}

func sectionTitle(r *rules.Rules, id string) string {
	for _, s := range r.Sections {
		if s.ID == id {
			return s.Title
		}
	}
	return id
}

// split returns the question and the suffix of a result id "<qid>:<x>";
// record.Import has checked that the question exists.
func split(r *rules.Rules, id string) (*rules.Question, string) {
	qid, x, _ := strings.Cut(id, ":")
	return r.Question(qid), x
}

// heading ends a title with a colon, unless it is a question.
func heading(s string) string {
	if strings.HasSuffix(s, "?") {
		return s
	}
	return s + ":"
}

// indent keeps a multi-line text under its heading.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }

// differences prints in words how the stored result differs from the
// fresh one (record.Diff, as the page shows it).
func (p *report) differences(ds []record.Difference) {
	for _, d := range ds {
		p.line("%s", heading(d.Title))
		p.list(p.ui.get("resultStored"), d.Stored)
		p.list(p.ui.get("resultFresh"), d.Fresh)
	}
}

// list prints a labelled list of texts, or the label and "none".
func (p *report) list(label string, items []string) {
	if len(items) == 0 {
		p.line("  %s %s", label, p.ui.get("none"))
	}
	for _, it := range items {
		p.line("  %s %s", label, it)
	}
}

// diff prints, by id, how the stored result differs from the fresh one.
// Both hold only ids the rules know (record.Import checks that).
func diff(w io.Writer, stored, fresh engine.Result) {
	for _, l := range []struct {
		name          string
		stored, fresh []string
	}{{"outcomes", stored.Outcomes, fresh.Outcomes}, {"reasons", stored.Reasons, fresh.Reasons},
		{"open", stored.Open, fresh.Open}, {"route", stored.Route, fresh.Route},
		{"grounds", stored.Grounds, fresh.Grounds}, {"assumptions", stored.Assumptions, fresh.Assumptions}} {
		if s, f := strings.Join(l.stored, " "), strings.Join(l.fresh, " "); s != f {
			fmt.Fprintf(w, "  %s: %s -> %s\n", l.name, s, f)
		}
	}
}
