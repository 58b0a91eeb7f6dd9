package sitetest

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIISSendsTheSameHeaders keeps deploy/web.config in step with
// deploy/nginx.conf, which the browser tests serve the site with: IIS must
// send the same security headers with the same values, and serve .wasm as
// application/wasm, compress statically and answer folders with the
// Swedish 404 page.
func TestIISSendsTheSameHeaders(t *testing.T) {
	if env.nginxErr != nil {
		t.Fatalf("deploy/nginx.conf: %v", env.nginxErr)
	}
	b, err := os.ReadFile(filepath.Join(env.root, "deploy", "web.config"))
	if err != nil {
		t.Fatal(err)
	}
	var conf struct {
		Headers []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"system.webServer>httpProtocol>customHeaders>add"`
		Mime []struct {
			Ext  string `xml:"fileExtension,attr"`
			Type string `xml:"mimeType,attr"`
		} `xml:"system.webServer>staticContent>mimeMap"`
		Compression struct {
			Static string `xml:"doStaticCompression,attr"`
		} `xml:"system.webServer>urlCompression"`
		Errors []struct {
			Status string `xml:"statusCode,attr"`
			Path   string `xml:"path,attr"`
		} `xml:"system.webServer>httpErrors>error"`
	}
	if err := xml.Unmarshal(b, &conf); err != nil {
		t.Fatalf("web.config is not valid XML: %v", err)
	}
	iis := map[string]string{}
	for _, h := range conf.Headers {
		iis[strings.ToLower(h.Name)] = h.Value
	}
	// Cache-Control comes from a map in nginx and from clientCache in IIS.
	checked := 0
	for _, h := range env.nginx.HeadersFor(sitePrefix + "index.html") {
		name := strings.ToLower(h.Name)
		if name == "cache-control" {
			continue
		}
		checked++
		if got, ok := iis[name]; !ok {
			t.Errorf("web.config does not send %s", h.Name)
		} else if got != h.Value {
			t.Errorf("%s differs:\n nginx: %s\n IIS:   %s", h.Name, h.Value, got)
		}
		delete(iis, name)
	}
	for name := range iis {
		t.Errorf("web.config sends %s, which nginx.conf does not", name)
	}
	if checked < 3 {
		t.Errorf("only %d headers found in nginx.conf", checked)
	}
	wasm := false
	for _, m := range conf.Mime {
		if m.Ext == ".wasm" && m.Type == "application/wasm" {
			wasm = true
		}
	}
	if !wasm {
		t.Error("web.config does not serve .wasm as application/wasm")
	}
	if conf.Compression.Static != "true" {
		t.Error(`web.config does not turn on static compression (<urlCompression doStaticCompression="true">)`)
	}
	if !strings.Contains(string(b), `<add mimeType="application/wasm" enabled="true" />`) {
		t.Error("web.config does not say how to compress application/wasm")
	}
	pages := map[string]string{}
	for _, e := range conf.Errors {
		pages[e.Status] = e.Path
	}
	if pages["404"] != "404.html" || pages["403"] != "404.html" {
		t.Errorf("web.config: error pages %v, want the site's 404.html for 404 and 403 (folders)", pages)
	}
}
