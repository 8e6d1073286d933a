#ifndef SB_INCIDENTS_H
#define SB_INCIDENTS_H
/*
 * Incidents: a root finding (no root_cause, warning or critical) with
 * every finding whose root_cause is it, told as one story. Built from the
 * findings and finding_links tables (schema/005_incidents.sql) after the
 * correlation, into incidents and incident_members.
 *
 * Invariants after a successful build: every member's parent is a member
 * of the same incident (the root's is NULL); ids "I1", "I2" ... follow
 * the rank (worst severity, then the most subjects reached, then the
 * earliest start, then the root's id), so one bundle always gives the same
 * ids; the narrative names every member once, in time order.
 */
#include <sqlite3.h>

#include "sb_err.h"

/* Empties and refills incidents and incident_members from the findings of
 * 'db'. Returns 0, or SB_E_DB with 'err' set (the tables may then be half
 * written: the caller's savepoint rolls them back). */
int sb_incidents_build(sqlite3 *db, struct sb_err *err);

#endif
