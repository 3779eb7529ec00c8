// Package database holds the managed databases a stack's services use: MySQL on ApsaraDB RDS,
// in the stack's VPC, reachable only from the cluster's vSwitches and security group, its
// account password a Pulumi secret from end to end (generated when none is given).
package database
