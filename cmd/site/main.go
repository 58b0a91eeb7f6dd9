// Command site builds or serves the Molnkollen site.
//
//	go run ./cmd/site build [-dest DIR] [-baseURL URL] [-source DIR]   # the finished site, ready to copy to a web server
//	go run ./cmd/site serve [-port N] [-bind ADDR] [-source DIR]       # a local server with live reload, for editors
//
// Both compile the self-check's WebAssembly module first. -source builds
// another organisation's site folder that mounts the project's layouts and
// assets (testdata/exampleorg), with its own module built from its own data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"syscall"
	"time"

	"molnkollen/internal/sitebuild"
)

func main() {
	// Ctrl+C or a SIGTERM cancels ctx; sitebuild then interrupts Hugo and
	// waits for it, so that nothing is left running or lying in a temp folder.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

const usage = `usage: go run ./cmd/site build [-dest DIR] [-baseURL URL] [-source DIR]
       go run ./cmd/site serve [-bind ADDR] [-port N] [-baseURL URL] [-source DIR]`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet("site "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	dest := fs.String("dest", "", "output folder (default: public/ in the project)")
	baseURL := fs.String("baseURL", "", "the address the site is served from, e.g. https://intranat.example/molntjanster/")
	bind := fs.String("bind", "127.0.0.1", "serve: address to listen on")
	port := fs.Int("port", 1313, "serve: port to listen on")
	source := fs.String("source", "", "another organisation's site folder that mounts the project's layouts, e.g. testdata/exampleorg")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	o, err := options(*dest, *baseURL, *source, stdout, stderr)
	if err != nil {
		return err
	}
	switch args[0] {
	case "build":
		start := time.Now()
		if err := sitebuild.Build(ctx, o); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "site built in %s into %s\n", time.Since(start).Round(time.Millisecond), o.Dest)
		fmt.Fprintln(stdout, builtFor(*baseURL, configBaseURL(o.Site)))
		return nil
	case "serve":
		err := sitebuild.Serve(ctx, o, *bind, *port)
		if ctx.Err() != nil && (err == nil || errors.Is(err, ctx.Err())) {
			// Stopped by Ctrl+C or SIGTERM, and Hugo exited cleanly: the
			// normal way to end a server.
			fmt.Fprintln(stdout, "server stopped")
			return nil
		}
		return err
	default:
		return errors.New(usage)
	}
}

// options returns the build options for the flags: dest relative to where
// the command was run (the project's public/ when empty), and source, when
// set, another organisation's site folder, built with its own pages and
// its own module from its own data.
func options(dest, baseURL, source string, stdout, stderr io.Writer) (sitebuild.Options, error) {
	root, err := sitebuild.Root(".")
	if err != nil {
		return sitebuild.Options{}, err
	}
	if dest == "" {
		dest = filepath.Join(root, "public")
	} else if dest, err = filepath.Abs(dest); err != nil {
		return sitebuild.Options{}, err
	}
	o := sitebuild.Options{Root: root, Site: root, Dest: dest, BaseURL: baseURL, Stdout: stdout, Stderr: stderr}
	if source != "" {
		if o.Site, err = filepath.Abs(source); err != nil {
			return sitebuild.Options{}, err
		}
		if _, err := os.Stat(filepath.Join(o.Site, "hugo.toml")); err != nil {
			return sitebuild.Options{}, fmt.Errorf("-source %s: not a site folder: %w", source, err)
		}
	}
	return o, nil
}

// builtFor says which address a build is for. Every link and asset in the
// built pages is a path from the server's root that includes baseURL's path,
// so a build for "/" works only at the root of a web server: under a sub-path
// every stylesheet and script would be a 404.
func builtFor(flagURL, configURL string) string {
	u := flagURL
	if u == "" {
		u = configURL
	}
	if u == "" || u == "/" {
		return `built for the root of a web server (baseURL "/"): copy it there, or build again with -baseURL https://HOST/PATH/ to serve it under a sub-path`
	}
	return "built for " + u + ": serve it at that address"
}

var baseURLRE = regexp.MustCompile(`(?m)^baseURL\s*=\s*"([^"]*)"`)

// configBaseURL reads baseURL from a site folder's hugo.toml, or "".
func configBaseURL(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "hugo.toml"))
	if err != nil {
		return ""
	}
	if m := baseURLRE.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}
