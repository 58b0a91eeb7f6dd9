package sitetest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// SitePath is the sub-path deploy/nginx.conf serves the site under.
const SitePath = "/intranat/molntjanster/"

// Nginx is a real nginx serving a built site with deploy/nginx.conf, on
// loopback ports, for the tests and the benchmark: over HTTPS with HTTP/2,
// as readers get it, with a certificate made at run time.
type Nginx struct {
	URL      string       // https://127.0.0.1:PORT: the site's server as deployed (TLS, HTTP/2)
	Redirect string       // http://127.0.0.1:PORT: its plain-HTTP port, which sends readers to HTTPS
	Client   *http.Client // HTTP/2, trusts Cert only; follows no redirect, asks for no compression itself
	Cert     *Certificate // the server's certificate
	Brotli   bool         // the brotli module is loaded
	Dir      string       // the temporary folder: config, logs, certificate
	cmd      *exec.Cmd
	done     chan error
}

// NginxOptions says what StartNginx serves, and how.
type NginxOptions struct {
	Conf   []byte       // deploy/nginx.conf, or a variant for a control
	Site   string       // the built site, served under SitePath
	Cert   *Certificate // the server's certificate; a new one when nil
	Brotli bool         // load the brotli module (BrotliModule) at the top, as Debian does
}

// NginxPath returns the nginx binary on PATH (or in /usr/sbin, which is not
// on every user's PATH).
func NginxPath() (string, error) {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx", nil
	}
	return "", errors.New("no nginx: install Debian's nginx-light (apt-get install nginx-light)")
}

// BrotliModule returns the path of nginx's brotli module (brotli_static), in
// the modules folder nginx was built with.
func BrotliModule() (string, error) {
	exe, err := NginxPath()
	if err != nil {
		return "", err
	}
	dir := "/usr/lib/nginx/modules"
	if m := regexp.MustCompile(`--modules-path=(\S+)`).FindSubmatch(nginxV(exe)); m != nil {
		dir = string(m[1])
	}
	p := filepath.Join(dir, "ngx_http_brotli_static_module.so")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("no brotli module for nginx (%s): install libnginx-mod-http-brotli-static", p)
	}
	return p, nil
}

func nginxV(exe string) []byte {
	out, _ := exec.Command(exe, "-V").CombinedOutput()
	return out
}

var brotliLineRE = regexp.MustCompile(`(?m)^[ \t]*brotli_static on;.*\n`)

// WithoutBrotli is conf as deploy/nginx.conf says to run it where nginx has
// no brotli module: without its one "brotli_static on;" line.
func WithoutBrotli(conf []byte) ([]byte, error) {
	if n := len(brotliLineRE.FindAll(conf, -1)); n != 1 {
		return nil, fmt.Errorf("nginx.conf: want exactly one \"brotli_static on;\" line, found %d", n)
	}
	return brotliLineRE.ReplaceAll(conf, nil), nil
}

var (
	listenRE = regexp.MustCompile(`^(\s*)listen\s+(\d+)(.*);`)
	rootRE   = regexp.MustCompile(`^(\s*)root\s+\S+;`)
	certRE   = regexp.MustCompile(`^(\s*)(ssl_certificate|ssl_certificate_key)\s+\S+;`)
)

// RewriteNginx returns conf (deploy/nginx.conf) with only what must differ on
// a test machine changed: "listen 80" becomes the redirect port, "listen 443
// ..." the TLS port (with the rest of its line, ssl http2), "root" the folder
// www, and the certificate lines point to cert and key. It fails when one of
// those lines is missing, so the file keeps the shape its comment promises.
func RewriteNginx(conf []byte, redirectPort, tlsPort int, www, cert, key string) ([]byte, error) {
	var out bytes.Buffer
	found := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(conf))
	for sc.Scan() {
		line := sc.Text()
		code := stripComment(line)
		switch {
		case listenRE.MatchString(code):
			m := listenRE.FindStringSubmatch(code)
			port := map[string]int{"80": redirectPort, "443": tlsPort}[m[2]]
			if port == 0 {
				return nil, fmt.Errorf("nginx.conf: unexpected %q", strings.TrimSpace(code))
			}
			found["listen "+m[2]]++
			fmt.Fprintf(&out, "%slisten 127.0.0.1:%d%s;\n", m[1], port, m[3])
		case rootRE.MatchString(code):
			found["root"]++
			fmt.Fprintf(&out, "%sroot %s;\n", rootRE.FindStringSubmatch(code)[1], www)
		case certRE.MatchString(code):
			m := certRE.FindStringSubmatch(code)
			found[m[2]]++
			p := map[string]string{"ssl_certificate": cert, "ssl_certificate_key": key}[m[2]]
			fmt.Fprintf(&out, "%s%s %s;\n", m[1], m[2], p)
		default:
			out.WriteString(line + "\n")
		}
	}
	for _, k := range []string{"listen 80", "listen 443", "root", "ssl_certificate", "ssl_certificate_key"} {
		if found[k] != 1 {
			return nil, fmt.Errorf("nginx.conf: want exactly one %q line, found %d", k, found[k])
		}
	}
	return out.Bytes(), nil
}

// stripComment cuts a # comment that is not inside quotes.
func stripComment(line string) string {
	var quote rune
	for i, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
		case r == '"' || r == '\'':
			quote = r
		case r == '#':
			return line[:i]
		}
	}
	return line
}

// topConfig is a Debian-like nginx.conf around the site's file in dir: the
// module's load_module line at the top when there is one (Debian's
// modules-enabled), mime.types, and the site's file inside http { }.
func topConfig(dir, module string) string {
	load := ""
	if module != "" {
		load = fmt.Sprintf("load_module %s;   # Debian: /etc/nginx/modules-enabled/50-mod-http-brotli-static.conf\n", module)
	}
	return fmt.Sprintf(`# Made by internal/sitetest: a Debian-like nginx.conf around deploy/nginx.conf.
%[2]sdaemon off;
master_process off;   # one process, as the user who runs the tests
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 256; }
http {
    include %[1]s/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[1]s/molnkollen.conf;
}
`, dir, load)
}

// StartNginx serves the site o.Site under SitePath with the nginx
// configuration o.Conf. The top-level configuration around it is the one a
// Debian server has, with one difference: its mime.types is the system's
// without the line for wasm, as on older servers, so that only the site's
// file can make .wasm application/wasm. Stop it with Stop.
func StartNginx(ctx context.Context, o NginxOptions) (*Nginx, error) {
	exe, err := NginxPath()
	if err != nil {
		return nil, err
	}
	module := ""
	if o.Brotli {
		if module, err = BrotliModule(); err != nil {
			return nil, err
		}
	}
	if o.Cert == nil {
		if o.Cert, err = NewCertificate(); err != nil {
			return nil, err
		}
	}
	tmp, err := os.MkdirTemp("", "sitetest-nginx-")
	if err != nil {
		return nil, err
	}
	ports, err := writeNginxFiles(tmp, exe, module, o)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	n := &Nginx{Dir: tmp, Cert: o.Cert, Brotli: o.Brotli,
		Redirect: fmt.Sprintf("http://127.0.0.1:%d", ports[0]),
		URL:      fmt.Sprintf("https://127.0.0.1:%d", ports[1]),
		Client:   NewClient(o.Cert),
	}
	if err := n.start(ctx, exe, ports); err != nil {
		return nil, err
	}
	return n, nil
}

// writeNginxFiles writes into tmp what nginx reads: the site (a link),
// the certificate, mime.types, the site's file and the top-level
// configuration. It returns the redirect and TLS ports.
func writeNginxFiles(tmp, exe, module string, o NginxOptions) ([]int, error) {
	www := filepath.Join(tmp, "www")
	site := filepath.Join(www, filepath.FromSlash(strings.Trim(SitePath, "/")))
	if err := os.MkdirAll(filepath.Dir(site), 0o755); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(o.Site)
	if err != nil {
		return nil, err
	}
	if err := os.Symlink(abs, site); err != nil {
		return nil, err
	}
	cert, key := filepath.Join(tmp, "cert.pem"), filepath.Join(tmp, "key.pem")
	mime, err := mimeTypesWithoutWasm(exe)
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	conf, err := RewriteNginx(o.Conf, ports[0], ports[1], www, cert, key)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(key, o.Cert.KeyPEM, 0o600); err != nil {
		return nil, err
	}
	for name, b := range map[string][]byte{"cert.pem": o.Cert.CertPEM, "mime.types": mime,
		"molnkollen.conf": conf, "nginx.conf": []byte(topConfig(tmp, module))} {
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			return nil, err
		}
	}
	return ports, nil
}

// NewClient is an HTTP client that trusts only cert and speaks HTTP/2 where
// the server offers it. It follows no redirect and asks for no compression
// itself, so a test sees each response as sent.
func NewClient(cert *Certificate) *http.Client {
	return &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{
			TLSClientConfig:    &tls.Config{RootCAs: cert.Pool},
			ForceAttemptHTTP2:  true, // with a TLSClientConfig of its own, Go asks for HTTP/2 only when told
			DisableCompression: true, // the tests ask for gzip and br themselves
		},
	}
}

// start runs nginx and waits until it listens on ports.
func (n *Nginx) start(ctx context.Context, exe string, ports []int) error {
	n.cmd = exec.Command(exe, "-p", n.Dir, "-e", filepath.Join(n.Dir, "error.log"), "-c", filepath.Join(n.Dir, "nginx.conf"))
	var stderr bytes.Buffer
	n.cmd.Stdout, n.cmd.Stderr = &stderr, &stderr
	if err := n.cmd.Start(); err != nil {
		os.RemoveAll(n.Dir)
		return err
	}
	n.done = make(chan error, 1)
	go func() { n.done <- n.cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for !listening(ports) {
		select {
		case err := <-n.done:
			log := n.ErrorLog()
			os.RemoveAll(n.Dir)
			return fmt.Errorf("nginx exited (%v):\n%s%s", err, stderr.String(), log)
		case <-ctx.Done():
			n.Stop()
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			log := n.ErrorLog()
			n.Stop()
			return fmt.Errorf("nginx did not listen within 10 s:\n%s%s", stderr.String(), log)
		}
	}
	return nil
}

func listening(ports []int) bool {
	for _, p := range ports {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", p), time.Second)
		if err != nil {
			return false
		}
		c.Close()
	}
	return true
}

// String says what serves the site, for test logs and the bench's output.
func (n *Nginx) String() string {
	s := "nginx with deploy/nginx.conf over HTTPS (HTTP/2, a test certificate made at run time)"
	if !n.Brotli {
		s += ", without the brotli module"
	}
	return s
}

// ErrorLog returns what nginx logged so far.
func (n *Nginx) ErrorLog() string {
	b, _ := os.ReadFile(filepath.Join(n.Dir, "error.log"))
	return string(b)
}

// Stop ends nginx and removes its folder.
func (n *Nginx) Stop() {
	if n == nil || n.cmd == nil {
		return
	}
	n.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-n.done:
	case <-time.After(5 * time.Second):
		n.cmd.Process.Kill()
		<-n.done
	}
	os.RemoveAll(n.Dir)
	n.cmd = nil
}

// mimeTypesWithoutWasm is the mime.types beside the system's nginx.conf
// without its wasm line.
func mimeTypesWithoutWasm(exe string) ([]byte, error) {
	dir := "/etc/nginx"
	if m := regexp.MustCompile(`--conf-path=(\S+)`).FindSubmatch(nginxV(exe)); m != nil {
		dir = filepath.Dir(string(m[1]))
	}
	b, err := os.ReadFile(filepath.Join(dir, "mime.types"))
	if err != nil {
		return nil, fmt.Errorf("the system's mime.types: %w", err)
	}
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if f := strings.Fields(strings.TrimSuffix(strings.TrimSpace(line), ";")); len(f) >= 2 && f[0] == "application/wasm" {
			continue
		}
		out.WriteString(line)
	}
	return out.Bytes(), nil
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
