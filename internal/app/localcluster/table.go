package localcluster

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"text/tabwriter"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// PodRow is one pod and where it landed; Kind is its node's (NodeKind: ECS or virtual).
type PodRow struct {
	Zone, Node, Kind, Pool, Namespace, Pod, Phase string
}

// PodsByZone lists every pod outside kube-system with its node's zone and pool, sorted by zone,
// node and name; pods not yet placed come last, zone "-".
func PodsByZone(ctx context.Context, kube kubernetes.Interface) ([]PodRow, error) {
	nodes, err := kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	zone, pool, kind := map[string]string{}, map[string]string{}, map[string]string{}
	for _, n := range nodes.Items {
		zone[n.Name], pool[n.Name], kind[n.Name] = n.Labels[ZoneLabel], n.Labels[PoolLabel], NodeKind(&n)
		if pool[n.Name] == "" {
			pool[n.Name] = "-"
		}
	}
	pods, err := kube.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	var rows []PodRow
	for _, p := range pods.Items {
		if p.Namespace == "kube-system" {
			continue
		}
		r := PodRow{Zone: "-", Node: "-", Kind: "-", Pool: "-", Namespace: p.Namespace, Pod: p.Name, Phase: string(p.Status.Phase)}
		if p.Spec.NodeName != "" {
			r.Zone, r.Node, r.Kind, r.Pool = zone[p.Spec.NodeName], p.Spec.NodeName, kind[p.Spec.NodeName], pool[p.Spec.NodeName]
		}
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if (a.Zone == "-") != (b.Zone == "-") {
			return b.Zone == "-"
		}
		if a.Zone != b.Zone {
			return a.Zone < b.Zone
		}
		if a.Node != b.Node {
			return a.Node < b.Node
		}
		return a.Pod < b.Pod
	})
	return rows, nil
}

// WriteTable writes the rows as an aligned table.
func WriteTable(w io.Writer, rows []PodRow) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ZONE\tNODE\tKIND\tPOOL\tNAMESPACE\tPOD\tPHASE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Zone, r.Node, r.Kind, r.Pool, r.Namespace, r.Pod, r.Phase)
	}
	tw.Flush()
}

// WriteCounts writes how many pods run in each zone on each kind of node (ECS, virtual), and how
// many are not placed.
func WriteCounts(w io.Writer, rows []PodRow) {
	count := map[[2]string]int{}
	var zones []string
	for _, r := range rows {
		if r.Zone == "-" {
			continue
		}
		if !slices.Contains(zones, r.Zone) {
			zones = append(zones, r.Zone)
		}
		count[[2]string{r.Zone, r.Kind}]++
	}
	sort.Strings(zones)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ZONE\tON ECS\tON VIRTUAL")
	for _, z := range zones {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", z, count[[2]string{z, "ECS"}], count[[2]string{z, "virtual"}])
	}
	tw.Flush()
	if pending := len(rows) - len(slices.DeleteFunc(slices.Clone(rows), func(r PodRow) bool { return r.Zone == "-" })); pending > 0 {
		fmt.Fprintf(w, "%d pods not placed\n", pending)
	}
}
