package ackapi

import (
	"fmt"

	"github.com/robfig/cron/v3"
)

// CronHPAAPIVersion and CronHPAKind identify the CronHPA controller's resource
// (ack-kubernetes-cronhpa-controller).
const (
	CronHPAAPIVersion = "autoscaling.alibabacloud.com/v1beta1"
	CronHPAKind       = "CronHorizontalPodAutoscaler"
)

// CronHorizontalPodAutoscaler sets the size of its target on a schedule. Aimed at an HPA, it
// moves the HPA's minReplicas instead of fighting it over the workload's replicas.
type CronHorizontalPodAutoscaler struct {
	APIVersion string      `json:"apiVersion"`
	Kind       string      `json:"kind"`
	Metadata   ObjectMeta  `json:"metadata"`
	Spec       CronHPASpec `json:"spec"`
}

// CronHPASpec is the controller's spec.
type CronHPASpec struct {
	ScaleTargetRef ScaleTargetRef `json:"scaleTargetRef"`
	Jobs           []CronJob      `json:"jobs"`
	// ExcludeDates are cron expressions of the days no job runs.
	ExcludeDates []string `json:"excludeDates,omitempty"`
	// CronMode is Enable (default) or Disable.
	CronMode string `json:"cronMode,omitempty"`
}

// ScaleTargetRef names the object a CronHPA sizes.
type ScaleTargetRef struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
}

// CronJob sets the target's size to TargetSize at each Schedule.
type CronJob struct {
	Name string `json:"name"`
	// Schedule has six fields, seconds first: "0 0 8 * * *" is 08:00:00 every day.
	Schedule   string `json:"schedule"`
	TargetSize int    `json:"targetSize"`
	RunOnce    bool   `json:"runOnce,omitempty"`
}

// cronParser reads schedules as the controller does: six fields, seconds first (the controller
// uses a fork of robfig/cron with these flags).
var cronParser = cron.NewParser(cron.Second | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// ParseSchedule checks a CronHPA schedule the way the controller reads it.
func ParseSchedule(s string) error {
	if _, err := cronParser.Parse(s); err != nil {
		if _, five := cron.ParseStandard(s); five == nil {
			return fmt.Errorf("has five fields; the CronHPA controller wants six, seconds first (e.g. \"0 %s\")", s)
		}
		return err
	}
	return nil
}
