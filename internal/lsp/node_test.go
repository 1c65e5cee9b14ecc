package lsp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestNodeClient drives concord lsp with an independent client: the npm
// packages vscode-jsonrpc and vscode-languageserver-protocol (what VS
// Code's own client is built on) under node, in testdata/client.mjs. The
// packages are not committed: CI installs them into a temporary folder and
// names its node_modules in CONCORD_LSP_NODE_MODULES. Without node or the
// packages the test is skipped, saying how to run it.
func TestNodeClient(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; install Node.js to run the LSP client test")
	}
	mods := os.Getenv("CONCORD_LSP_NODE_MODULES")
	if mods == "" {
		mods = filepath.Join(os.TempDir(), "concord-lsp-node", "node_modules")
	}
	for _, pkg := range []string{"vscode-jsonrpc", "vscode-languageserver-protocol"} {
		if _, err := os.Stat(filepath.Join(mods, pkg, "package.json")); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("CI: npm package %s not found in %s (.ci/run installs it)", pkg, mods)
			}
			t.Skipf("npm package %s not found in %s; run: npm install --prefix %s vscode-jsonrpc@8.2.0 vscode-languageserver-protocol@3.17.5 (or set CONCORD_LSP_NODE_MODULES)", pkg, mods, filepath.Dir(mods))
		}
	}
	bin := filepath.Join(t.TempDir(), "concord")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/concord")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ws := t.TempDir()
	for _, p := range []string{"corpus", "glossary", "concord.yaml"} {
		if out, err := exec.Command("cp", "-R", filepath.Join("..", "..", p), filepath.Join(ws, p)).CombinedOutput(); err != nil {
			t.Fatalf("cp %s: %v %s", p, err, out)
		}
	}
	// Resolve links in the temporary folder's path (macOS /var -> /private/var),
	// as the server does, so file URIs compare equal.
	if r, err := filepath.EvalSymlinks(ws); err == nil {
		ws = r
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "client.mjs"), bin, ws)
	cmd.Env = append(os.Environ(), "NODE_PATH="+mods)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("the node client failed: %v", err)
	}
}
