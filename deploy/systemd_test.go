package deploy

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// unit is a systemd unit file: section → key → values (keys may repeat).
type unit map[string]map[string][]string

func readUnit(t *testing.T, path string) unit {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u := unit{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
			u[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Fatalf("%s: unexpected line %q", path, line)
			}
			u[section][k] = append(u[section][k], v)
		}
	}
	return u
}

func (u unit) get(section, key string) string {
	v := u[section][key]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

func TestSystemdUnitHasTheRequiredKeys(t *testing.T) {
	u := readUnit(t, "systemd/enquete.service")
	want := map[string]string{
		"Service/ExecStart":       "/usr/local/bin/enquete serve",
		"Service/EnvironmentFile": "/etc/enquete/enquete.env",
		"Service/StateDirectory":  "enquete",
		"Service/Restart":         "on-failure",
		"Service/ProtectSystem":   "strict",
		"Service/NoNewPrivileges": "yes",
		"Service/PrivateTmp":      "yes",
		"Service/KillSignal":      "SIGTERM",
		"Install/WantedBy":        "multi-user.target",
	}
	for key, v := range want {
		section, k, _ := strings.Cut(key, "/")
		if got := u.get(section, k); got != v {
			t.Errorf("%s = %q; want %q", key, got, v)
		}
	}
	if u.get("Service", "DynamicUser") != "yes" && u.get("Service", "User") == "" {
		t.Error("the service must run as DynamicUser=yes or a dedicated User=")
	}
	if u.get("Service", "CapabilityBoundingSet") != "" {
		t.Error("CapabilityBoundingSet must be empty: the service needs no capability")
	}
	if u.get("Unit", "After") == "" || !strings.Contains(u.get("Unit", "After"), "network-online.target") {
		t.Error("After= must include network-online.target")
	}
	env := readEnvFile(t, "systemd/enquete.env.example")
	checkEnvNames(t, "systemd/enquete.env.example", env)
	for _, e := range u["Service"]["Environment"] {
		k, v, _ := strings.Cut(e, "=")
		env[k] = v
		checkEnvNames(t, "enquete.service Environment=", map[string]string{k: v})
	}
	for _, k := range []string{"DATABASE_URL", "JWT_SECRET", "ENQUETE_ENV"} {
		if env[k] == "" {
			t.Errorf("enquete.env.example does not set %s", k)
		}
	}
}

// TestSystemdAnalyze runs systemd's own checks when systemd-analyze is
// installed: the unit verifies (with a stand-in binary), and its exposure
// score stays at "OK" or better (at most 2.9 of 10; the threshold is given
// in tenths).
func TestSystemdAnalyze(t *testing.T) {
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed")
	}
	raw, err := os.ReadFile("systemd/enquete.service")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "enquete.service")
	text := strings.ReplaceAll(string(raw), "/usr/local/bin/enquete", "/bin/true")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool, "verify", path).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	out, err := exec.Command(tool, "security", "--offline=yes", "--threshold=29", path).CombinedOutput()
	if err != nil {
		t.Errorf("systemd-analyze security: %v\n%s", err, out)
	}
}
