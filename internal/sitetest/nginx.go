package sitetest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
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
// loopback ports, for the tests and the benchmark.
type Nginx struct {
	Plain    string       // http://127.0.0.1:PORT: the site's server block without TLS (for the browser)
	TLS      string       // https://127.0.0.1:PORT: the same server block as deployed
	Redirect string       // http://127.0.0.1:PORT: the plain-HTTP server block, which sends readers to HTTPS
	Client   *http.Client // trusts the test certificate; follows no redirect, asks for no compression itself
	Dir      string       // the temporary folder: config, logs, certificate
	cmd      *exec.Cmd
	done     chan error
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

var (
	listenRE = regexp.MustCompile(`^(\s*)listen\s+(\d+)(.*);`)
	rootRE   = regexp.MustCompile(`^(\s*)root\s+\S+;`)
	certRE   = regexp.MustCompile(`^(\s*)(ssl_certificate|ssl_certificate_key)\s+\S+;`)
)

// RewriteNginx returns conf (deploy/nginx.conf) with only what must differ on
// a test machine changed: "listen 80" becomes the redirect port, "listen 443
// ..." becomes the TLS port plus a plain port for the browser, "root" the
// folder www, and the certificate lines point to cert and key. It fails when
// one of those lines is missing, so the file keeps the shape its comment
// promises.
func RewriteNginx(conf []byte, redirectPort, tlsPort, plainPort int, www, cert, key string) ([]byte, error) {
	var out bytes.Buffer
	found := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(conf))
	for sc.Scan() {
		line := sc.Text()
		code := stripComment(line)
		switch {
		case listenRE.MatchString(code):
			m := listenRE.FindStringSubmatch(code)
			switch m[2] {
			case "80":
				found["listen 80"]++
				fmt.Fprintf(&out, "%slisten 127.0.0.1:%d;\n", m[1], redirectPort)
			case "443":
				found["listen 443"]++
				fmt.Fprintf(&out, "%slisten 127.0.0.1:%d%s;\n", m[1], tlsPort, m[3])
				fmt.Fprintf(&out, "%slisten 127.0.0.1:%d;   # test only: the browser tests, without TLS\n", m[1], plainPort)
			default:
				return nil, fmt.Errorf("nginx.conf: unexpected %q", strings.TrimSpace(code))
			}
			continue
		case rootRE.MatchString(code):
			found["root"]++
			fmt.Fprintf(&out, "%sroot %s;\n", rootRE.FindStringSubmatch(code)[1], www)
			continue
		case certRE.MatchString(code):
			m := certRE.FindStringSubmatch(code)
			found[m[2]]++
			p := cert
			if m[2] == "ssl_certificate_key" {
				p = key
			}
			fmt.Fprintf(&out, "%s%s %s;\n", m[1], m[2], p)
			continue
		}
		out.WriteString(line + "\n")
	}
	for _, k := range []string{"listen 80", "listen 443", "root", "ssl_certificate", "ssl_certificate_key"} {
		if found[k] != 1 {
			return nil, fmt.Errorf("nginx.conf: want exactly one %q line, found %d", k, found[k])
		}
	}
	return out.Bytes(), nil
}

// StartNginx serves the built site in dir under SitePath with the nginx
// configuration conf (the text of deploy/nginx.conf, or a variant for a
// control). The top-level configuration around it is the one a Debian server
// has, with one difference: its mime.types is the system's without the
// line for wasm, as on older servers, so that only conf can make .wasm
// application/wasm. Stop it with Stop.
func StartNginx(ctx context.Context, conf []byte, dir string) (*Nginx, error) {
	exe, err := NginxPath()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "sitetest-nginx-")
	if err != nil {
		return nil, err
	}
	n := &Nginx{Dir: tmp}
	fail := func(err error) (*Nginx, error) {
		os.RemoveAll(tmp)
		return nil, err
	}
	www := filepath.Join(tmp, "www")
	site := filepath.Join(www, filepath.FromSlash(strings.Trim(SitePath, "/")))
	if err := os.MkdirAll(filepath.Dir(site), 0o755); err != nil {
		return fail(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fail(err)
	}
	if err := os.Symlink(abs, site); err != nil {
		return fail(err)
	}
	certPEM, keyPEM, pool, err := testCertificate()
	if err != nil {
		return fail(err)
	}
	cert, key := filepath.Join(tmp, "cert.pem"), filepath.Join(tmp, "key.pem")
	os.WriteFile(cert, certPEM, 0o644)
	os.WriteFile(key, keyPEM, 0o600)
	mime, err := mimeTypesWithoutWasm(exe)
	if err != nil {
		return fail(err)
	}
	os.WriteFile(filepath.Join(tmp, "mime.types"), mime, 0o644)

	ports, err := freePorts(3)
	if err != nil {
		return fail(err)
	}
	site2, err := RewriteNginx(conf, ports[0], ports[1], ports[2], www, cert, key)
	if err != nil {
		return fail(err)
	}
	os.WriteFile(filepath.Join(tmp, "molnkollen.conf"), site2, 0o644)
	top := fmt.Sprintf(`# Made by internal/sitetest: a Debian-like nginx.conf around deploy/nginx.conf.
daemon off;
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
`, tmp)
	topPath := filepath.Join(tmp, "nginx.conf")
	os.WriteFile(topPath, []byte(top), 0o644)

	n.cmd = exec.Command(exe, "-p", tmp, "-e", filepath.Join(tmp, "error.log"), "-c", topPath)
	var stderr bytes.Buffer
	n.cmd.Stdout, n.cmd.Stderr = &stderr, &stderr
	if err := n.cmd.Start(); err != nil {
		return fail(err)
	}
	n.done = make(chan error, 1)
	go func() { n.done <- n.cmd.Wait() }()
	n.Redirect = fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	n.TLS = fmt.Sprintf("https://127.0.0.1:%d", ports[1])
	n.Plain = fmt.Sprintf("http://127.0.0.1:%d", ports[2])
	n.Client = &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{
			TLSClientConfig:    &tls.Config{RootCAs: pool},
			DisableCompression: true, // the tests ask for gzip themselves
		},
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok := true
		for _, p := range ports {
			c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", p), time.Second)
			if err != nil {
				ok = false
				break
			}
			c.Close()
		}
		if ok {
			return n, nil
		}
		select {
		case err := <-n.done:
			log, _ := os.ReadFile(filepath.Join(tmp, "error.log"))
			os.RemoveAll(tmp)
			return nil, fmt.Errorf("nginx exited (%v):\n%s%s", err, stderr.String(), log)
		case <-ctx.Done():
			n.Stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(tmp, "error.log"))
			n.Stop()
			return nil, fmt.Errorf("nginx did not listen within 10 s:\n%s%s", stderr.String(), log)
		}
	}
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
	if out, err := exec.Command(exe, "-V").CombinedOutput(); err == nil {
		if m := regexp.MustCompile(`--conf-path=(\S+)`).FindSubmatch(out); m != nil {
			dir = filepath.Dir(string(m[1]))
		}
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

// testCertificate makes a self-signed certificate for 127.0.0.1.
func testCertificate() (certPEM, keyPEM []byte, pool *x509.CertPool, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "molnkollen test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, nil, err
	}
	pool = x509.NewCertPool()
	pool.AddCert(c)
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), pool, nil
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
