package deploy

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// manifests are the decoded objects of k8s/.
type manifests struct {
	files       []string // every YAML file, by base name
	kustomize   kustomization
	deployment  deploymentObject
	job         jobObject
	service     serviceObject
	pdb         pdbObject
	ingress     ingressObject
	configMaps  map[string]configMapObject
	secrets     map[string]secretObject
	namespace   namespaceObject
	pods        map[string]podTemplate // "Deployment/enquete" → its template
	kindsByFile map[string][]string
}

func loadManifests(t *testing.T) *manifests {
	t.Helper()
	paths, err := filepath.Glob("k8s/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no manifests in k8s/ (%v)", err)
	}
	m := &manifests{configMaps: map[string]configMapObject{}, secrets: map[string]secretObject{},
		pods: map[string]podTemplate{}, kindsByFile: map[string][]string{}}
	for _, p := range paths {
		base := filepath.Base(p)
		m.files = append(m.files, base)
		for i, doc := range readYAML(t, p) {
			name := fmt.Sprintf("%s#%d", base, i)
			kind, _ := doc["kind"].(string)
			m.kindsByFile[base] = append(m.kindsByFile[base], kind)
			var h header
			switch kind {
			case "Kustomization":
				strictDecode(t, name, doc, &m.kustomize)
				h = header{APIVersion: m.kustomize.APIVersion, Kind: kind, Metadata: objectMeta{Name: "kustomization"}}
			case "Namespace":
				strictDecode(t, name, doc, &m.namespace)
				h = m.namespace.header
			case "ConfigMap":
				var o configMapObject
				strictDecode(t, name, doc, &o)
				m.configMaps[o.Metadata.Name], h = o, o.header
			case "Secret":
				var o secretObject
				strictDecode(t, name, doc, &o)
				m.secrets[o.Metadata.Name], h = o, o.header
			case "Deployment":
				strictDecode(t, name, doc, &m.deployment)
				h = m.deployment.header
				m.pods["Deployment/"+h.Metadata.Name] = m.deployment.Spec.Template
			case "Job":
				strictDecode(t, name, doc, &m.job)
				h = m.job.header
				m.pods["Job/"+h.Metadata.Name] = m.job.Spec.Template
			case "Service":
				strictDecode(t, name, doc, &m.service)
				h = m.service.header
			case "PodDisruptionBudget":
				strictDecode(t, name, doc, &m.pdb)
				h = m.pdb.header
			case "Ingress":
				strictDecode(t, name, doc, &m.ingress)
				h = m.ingress.header
			default:
				t.Fatalf("%s: kind %q is not one this test knows; add its type", name, kind)
			}
			if h.APIVersion != apiVersions[kind] {
				t.Errorf("%s: %s apiVersion = %q; want %q", name, kind, h.APIVersion, apiVersions[kind])
			}
			if h.Metadata.Name == "" {
				t.Errorf("%s: %s has no metadata.name", name, kind)
			}
		}
	}
	return m
}

func TestKubernetesKustomizationListsEveryManifest(t *testing.T) {
	m := loadManifests(t)
	for _, r := range m.kustomize.Resources {
		if _, err := os.Stat(filepath.Join("k8s", r)); err != nil {
			t.Errorf("kustomization resource %s: %v", r, err)
		}
	}
	for _, f := range m.files {
		listed := slices.Contains(m.kustomize.Resources, f)
		switch {
		case f == "kustomization.yaml":
		case f == "secret.example.yaml" && listed:
			t.Error("secret.example.yaml is applied by kustomization.yaml; its placeholders must never be")
		case f != "secret.example.yaml" && !listed:
			t.Errorf("%s is not in kustomization.yaml", f)
		}
	}
	for _, img := range m.kustomize.Images {
		for name, pod := range m.pods {
			for _, c := range pod.Spec.Containers {
				if repo, _, _ := strings.Cut(c.Image, ":"); repo != img.Name {
					t.Errorf("%s: image %s is not the one kustomization.yaml sets (%s)", name, c.Image, img.Name)
				}
			}
		}
	}
}

func TestKubernetesPodsAreHardened(t *testing.T) {
	m := loadManifests(t)
	if len(m.pods) != 2 {
		t.Fatalf("pod templates = %v; want the Deployment and the migration Job", m.pods)
	}
	for name, pod := range m.pods {
		sc := pod.Spec.SecurityContext
		if sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
			t.Errorf("%s: pod must set runAsNonRoot: true and a non-zero runAsUser", name)
		}
		if sc.SeccompProfile.Type != "RuntimeDefault" {
			t.Errorf("%s: seccompProfile = %q; want RuntimeDefault", name, sc.SeccompProfile.Type)
		}
		if len(pod.Spec.Containers) == 0 {
			t.Errorf("%s: no containers", name)
		}
		for _, c := range pod.Spec.Containers {
			where := name + "/" + c.Name
			cs := c.SecurityContext
			if cs.ReadOnlyRootFilesystem == nil || !*cs.ReadOnlyRootFilesystem {
				t.Errorf("%s: readOnlyRootFilesystem must be true", where)
			}
			if cs.AllowPrivilegeEscalation == nil || *cs.AllowPrivilegeEscalation {
				t.Errorf("%s: allowPrivilegeEscalation must be false", where)
			}
			if !slices.Equal(cs.Capabilities.Drop, []string{"ALL"}) {
				t.Errorf("%s: capabilities.drop = %v; want [ALL]", where, cs.Capabilities.Drop)
			}
			checkResources(t, where, c.Resources.Requests, c.Resources.Limits)
			for _, ef := range c.EnvFrom {
				if r := ef.ConfigMapRef; r != nil && m.configMaps[r.Name].Metadata.Name == "" {
					t.Errorf("%s: envFrom ConfigMap %q is not among the manifests", where, r.Name)
				}
				if r := ef.SecretRef; r != nil && m.secrets[r.Name].Metadata.Name == "" {
					t.Errorf("%s: envFrom Secret %q is not the one secret.example.yaml documents", where, r.Name)
				}
			}
		}
	}
	if args := m.job.Spec.Template.Spec.Containers[0].Args; !slices.Equal(args, []string{"migrate"}) {
		t.Errorf("migration Job args = %v; want [migrate]", args)
	}
	if p := m.job.Spec.Template.Spec.RestartPolicy; p != "Never" && p != "OnFailure" {
		t.Errorf("migration Job restartPolicy = %q", p)
	}
}

// checkResources wants CPU and memory requests and limits, requests no
// larger than limits.
func checkResources(t *testing.T, where string, requests, limits map[string]string) {
	t.Helper()
	for _, r := range []string{"cpu", "memory"} {
		req, err1 := quantity(requests[r])
		lim, err2 := quantity(limits[r])
		if err1 != nil || err2 != nil {
			t.Errorf("%s: %s request %q / limit %q: want both (%v, %v)", where, r, requests[r], limits[r], err1, err2)
			continue
		}
		if req > lim {
			t.Errorf("%s: %s request %s exceeds its limit %s", where, r, requests[r], limits[r])
		}
	}
}

func TestKubernetesDeploymentServesTwoReplicasWithProbes(t *testing.T) {
	m := loadManifests(t)
	d := m.deployment
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 2 {
		t.Errorf("replicas = %v; want 2", d.Spec.Replicas)
	}
	tmpl := d.Spec.Template
	if !subset(d.Spec.Selector.MatchLabels, tmpl.Metadata.Labels) || len(d.Spec.Selector.MatchLabels) == 0 {
		t.Errorf("selector %v does not match the template labels %v", d.Spec.Selector.MatchLabels, tmpl.Metadata.Labels)
	}
	if g := tmpl.Spec.TerminationGracePeriodSeconds; g == nil || *g <= 20 {
		t.Errorf("terminationGracePeriodSeconds = %v; want more than the 20s shutdown grace", g)
	}
	c := tmpl.Spec.Containers[0]
	ports := map[string]bool{}
	for _, p := range c.Ports {
		ports[p.Name], ports[fmt.Sprint(p.ContainerPort)] = true, true
	}
	for _, pr := range []struct {
		name string
		p    *probe
		path string
	}{{"readiness", c.ReadinessProbe, "/ready"}, {"liveness", c.LivenessProbe, "/health"}} {
		if pr.p == nil || pr.p.HTTPGet == nil || pr.p.HTTPGet.Path != pr.path || !ports[fmt.Sprint(pr.p.HTTPGet.Port)] {
			t.Errorf("%s probe = %+v; want GET %s on a declared port", pr.name, pr.p, pr.path)
		}
	}
	if !subset(m.service.Spec.Selector, tmpl.Metadata.Labels) || len(m.service.Spec.Selector) == 0 {
		t.Errorf("Service selector %v does not select the pods %v", m.service.Spec.Selector, tmpl.Metadata.Labels)
	}
	for _, p := range m.service.Spec.Ports {
		if !ports[fmt.Sprint(p.TargetPort)] {
			t.Errorf("Service targetPort %v is not a container port", p.TargetPort)
		}
	}
	if !subset(m.pdb.Spec.Selector.MatchLabels, tmpl.Metadata.Labels) || fmt.Sprint(m.pdb.Spec.MinAvailable) != "1" {
		t.Errorf("PodDisruptionBudget = %+v; want minAvailable 1 of these pods", m.pdb.Spec)
	}
	for _, r := range m.ingress.Spec.Rules {
		for _, p := range r.HTTP.Paths {
			if s := p.Backend.Service; s.Name != m.service.Metadata.Name || s.Port.Name != m.service.Spec.Ports[0].Name {
				t.Errorf("Ingress backend %+v is not the Service's port", s)
			}
		}
	}
	if m.ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-buffering"] != "off" {
		t.Error("Ingress: proxy buffering must be off for the event stream")
	}
}

func TestKubernetesEnvironmentNamesAreKnown(t *testing.T) {
	m := loadManifests(t)
	for name, cm := range m.configMaps {
		checkEnvNames(t, "ConfigMap "+name, cm.Data)
		if cm.Data["ENQUETE_DATABASE_MIGRATE_ON_START"] != "false" {
			t.Errorf("ConfigMap %s: the replicas must not migrate on start (the Job does)", name)
		}
	}
	for name, s := range m.secrets {
		checkEnvNames(t, "Secret "+name, s.StringData)
		for _, k := range []string{"DATABASE_URL", "JWT_SECRET"} {
			if s.StringData[k] == "" {
				t.Errorf("Secret %s: no %s", name, k)
			}
		}
	}
}

func subset(small, big map[string]string) bool {
	for k, v := range small {
		if big[k] != v {
			return false
		}
	}
	return true
}

// quantity reads the Kubernetes quantities these manifests use: plain
// numbers, milli-CPUs (250m) and binary suffixes (Ki, Mi, Gi).
func quantity(s string) (float64, error) {
	mult := 1.0
	for suffix, m := range map[string]float64{"m": 1e-3, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
			break
		}
	}
	var v float64
	if _, err := fmt.Sscanf(s, "%g", &v); err != nil || s == "" {
		return 0, fmt.Errorf("not a quantity: %q", s)
	}
	return v * mult, nil
}
