// Command selfcheck checks a self-check file exported from the site: it
// validates the file, verifies its fingerprint, evaluates the answers again
// with the same engine as the browser, checks that the stored result is the
// same, and prints the result as plain text in Swedish.
//
//	go run ./cmd/selfcheck FILE.json
//	go run ./cmd/selfcheck -canonical FILE.json | sha256sum
//
// The exit status is 0 for a valid file whose result checks out, 1 for a
// file that is refused or whose stored result differs, and 2 for a usage
// error. With -canonical it prints only the canonical answers JSON that the
// fingerprint is the SHA-256 of.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"molnkollen"
	"molnkollen/internal/engine"
	"molnkollen/internal/record"
	"molnkollen/internal/rules"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	var e exitError
	if errors.As(err, &e) {
		os.Exit(int(e))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
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
	t, err := loadTexts()
	if err != nil {
		return err
	}
	r, err := rules.Parse(molnkollen.SelfcheckJSON)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("selfcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	canonical := fs.Bool("canonical", false, "print only the canonical answers JSON")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, t.ui("usage"))
		return exitUsage
	}
	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s (%v)\n", name, t.ui("unreadable"), err)
		return exitInvalid
	}
	f, err := record.ImportFile(r, data)
	if err != nil {
		var e *record.Error
		if !errors.As(err, &e) {
			return err
		}
		fmt.Fprintf(stderr, "%s: %s: %s\n[%s] %s\n", name, t.ui("invalid"), t.Messages[e.Code], e.Code, e.Detail)
		return exitInvalid
	}
	if *canonical {
		_, err := stdout.Write(record.Canonical(f.Answers))
		return err
	}
	res := engine.Evaluate(r, f.Answers)
	report(stdout, t, r, f, res)
	if !res.Equal(f.Result) {
		fmt.Fprintln(stdout, t.ui("resultMismatch"))
		diff(stdout, f.Result, res)
		return exitInvalid
	}
	fmt.Fprintln(stdout, t.ui("resultOK"))
	return nil
}

// report prints the checked file and its fresh result.
func report(w io.Writer, t *texts, r *rules.Rules, f *record.File, res engine.Result) {
	fmt.Fprintln(w, t.ui("heading"))
	fmt.Fprintf(w, "%s: %s, %s %s\n", t.ui("guideline"), t.Guideline.Title, t.ui("validFrom"), t.Guideline.ValidFrom)
	for _, id := range []string{"namn", "leverantor"} {
		if q := t.question(id); q != nil && f.Answers[id].Value != "" {
			fmt.Fprintf(w, "%s: %s\n", q.Label, oneLine(f.Answers[id].Value))
		}
	}
	fmt.Fprintf(w, "%s: %s\n", t.ui("exportedAt"), f.ExportedAt)
	fmt.Fprintf(w, "%s: %s\n%s\n\n", t.ui("fingerprint"), f.Fingerprint, t.ui("fingerprintOK"))

	title, text := t.verdict(res.Verdict)
	fmt.Fprintf(w, "%s: %s\n%s\n", t.ui("verdict"), title, text)
	list(w, t.ui("reasons"), res.Reasons, t.reason, t.ui("none"))
	list(w, t.ui("open"), res.Open, t.open, t.ui("none"))
	list(w, t.ui("route"), res.Route, t.route, t.ui("none"))

	fmt.Fprintf(w, "\n%s:\n", t.ui("answers"))
	n := 0
	for _, q := range r.Questions {
		a, ok := f.Answers[q.ID]
		if !ok {
			continue
		}
		n++
		tq := t.question(q.ID)
		sep := ": "
		if strings.HasSuffix(tq.Label, "?") {
			sep = " "
		}
		fmt.Fprintf(w, "- %s%s%s\n", tq.Label, sep, oneLine(t.answer(tq, a.Value)))
		if a.Note != "" {
			fmt.Fprintf(w, "  %s: %s\n", t.ui("note"), oneLine(a.Note))
		}
	}
	if n == 0 {
		fmt.Fprintln(w, t.ui("none"))
	}
	fmt.Fprintln(w)
}

func list(w io.Writer, heading string, ids []string, text func(string) string, none string) {
	fmt.Fprintf(w, "\n%s:\n", heading)
	if len(ids) == 0 {
		fmt.Fprintln(w, none)
	}
	for _, id := range ids {
		fmt.Fprintf(w, "- %s\n", text(id))
	}
}

// oneLine keeps free text on its line: line breaks and other control
// characters in a note would otherwise let a file fake lines of the report.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r == '\u2028' || r == '\u2029' || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}

// diff prints, by id, how the stored result differs from the fresh one.
func diff(w io.Writer, stored, fresh engine.Result) {
	if stored.Verdict != fresh.Verdict {
		fmt.Fprintf(w, "  verdict: %s -> %s\n", stored.Verdict, fresh.Verdict)
	}
	for _, l := range []struct {
		name          string
		stored, fresh []string
	}{{"reasons", stored.Reasons, fresh.Reasons}, {"open", stored.Open, fresh.Open}, {"route", stored.Route, fresh.Route}} {
		if strings.Join(l.stored, "\n") != strings.Join(l.fresh, "\n") {
			fmt.Fprintf(w, "  %s: %s -> %s\n", l.name, strings.Join(l.stored, " "), strings.Join(l.fresh, " "))
		}
	}
}
