# A generated corpus of credentials (random values per seed, over 150
# kinds) planted in ten places where they live in a cluster, collected
# by the real collect from the test API server: nothing may reach the
# bundle in any form, what must survive comes out intact, and a secret
# has one token in every place it stood.
. "$(dirname "$0")/lib/collect_env.sh"
SEED=${SB_CORPUS_SEED:-16}
copy_fixture "$WORK/fx" "
import sys
sys.path.insert(0, '$SB_SRC/tests/e2e/lib')
import redact_corpus
redact_corpus.plant('.', $SEED)
"
start_api corpus
run_collect "$WORK/c.tgz" --kubeconfig "$WORK/corpus/kubeconfig"
[ "$RC" = 0 ] || fail "collect exit $RC: $(cat "$WORK/err")"
json_check "$WORK/c.tgz" "
sys.path.insert(0, '$SB_SRC/tests/e2e/lib')
import redact_corpus
plan = json.load(open('$WORK/corpus-plan.json'))
kinds = {s['kind'] for s in plan['secrets']}
assert len(kinds) >= 150, 'only %d kinds' % len(kinds)
assert len(plan['contexts']) >= 10
# the check itself sees every kind in the planted, unredacted input
raw = {k: v for k, v in fixture_files().items() if k != 'manifest.json'}
raw_leaks = redact_corpus.check(raw, plan)[0]
missed = [k for k in kinds if not any(l.startswith(k + ' ') for l in raw_leaks)]
assert not missed, 'the corpus did not plant: %s' % missed
leaks, lost, unstable = redact_corpus.check(members, plan)
msg = []
if leaks: msg.append('seed $SEED: %d leaks:\n  ' % len(leaks) + '\n  '.join(leaks))
if lost: msg.append('seed $SEED: lost survivors:\n  ' + '\n  '.join(lost))
if unstable: msg.append('seed $SEED: unstable tokens:\n  ' + '\n  '.join(unstable))
assert not msg, '\n'.join(msg)
assert sum(manifest['redactions'].values()) > 0
"
echo ok
