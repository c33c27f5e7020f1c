package cli_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKilledBuildKeepsOutput builds the CLI, starts a build of a big
// generated site, kills it with SIGKILL while it writes, and checks that the
// previous public/ is whole and that the next build leaves no stray folder.
func TestKilledBuildKeepsOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI and a big site")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "derma")
	if out, err := exec.Command(goBin, "build", "-o", bin, "derma/generator").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	dir := writeSite(t, bigSite(1500, "first"))
	pub := filepath.Join(dir, "public")
	if out, err := exec.Command(bin, "build", "--site", dir).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := snapshot(t, pub)

	// Change every guide so an interrupted write would show.
	for p, s := range bigSite(1500, "second") {
		os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(s), 0o644)
	}
	killed := false
	for attempt := 0; attempt < 5 && !killed; attempt++ {
		killed = killWhileWriting(t, bin, dir)
	}
	if !killed {
		t.Skip("the build finished before it could be killed mid-write")
	}
	if after := snapshot(t, pub); after != before {
		t.Fatalf("public/ changed by a killed build:\nbefore %s\nafter  %s", before, after)
	}

	out, err := exec.Command(bin, "build", "--site", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("build after the kill: %v\n%s", err, out)
	}
	assertNoStrays(t, dir)
	b, err := os.ReadFile(filepath.Join(pub, "guides", "guide-0007", "index.html"))
	if err != nil || !strings.Contains(string(b), "second") {
		t.Errorf("the build after the kill did not write the new site: %v", err)
	}
}

// killWhileWriting starts a build and SIGKILLs it as soon as its temporary
// folder beside public/ holds files; it reports whether that happened.
func killWhileWriting(t *testing.T, bin, dir string) bool {
	t.Helper()
	cmd := exec.Command(bin, "build", "--site", dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return false
		default:
		}
		matches, _ := filepath.Glob(filepath.Join(dir, ".public.derma-tmp-*", "guides", "*"))
		if len(matches) > 0 {
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			strays, _ := filepath.Glob(filepath.Join(dir, ".public.derma-tmp-*"))
			if len(strays) == 0 {
				return false // it had already finished
			}
			return true
		}
		time.Sleep(100 * time.Microsecond)
	}
	cmd.Process.Kill()
	<-done
	return false
}

// bigSite is n guides of a few kilobytes each and some larger files.
func bigSite(n int, word string) map[string]string {
	files := map[string]string{}
	para := strings.Repeat("A sheet mask holds a serum against the skin for a while. ", 40)
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("content/guides/guide-%04d.md", i)] = fmt.Sprintf(
			"---\ntitle: Guide %d %s\ndescription: d\ndate: 2025-01-%02d\ntags: [t%d]\n---\n\n%s\n\n## Part\n\n%s %s\n",
			i, word, 1+i%28, i%50, para, para, word)
	}
	blob := strings.Repeat(word+" ", 64<<10)
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("content/files/blob-%02d.txt", i)] = blob
	}
	return files
}
