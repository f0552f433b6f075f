package io.kubesim.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;

class AuditFormatTest {

    private static JsonNode json(String text) {
        return KubeJson.parse(text.replace('\'', '"'));
    }

    private static final JsonNode HISTORY = json("""
            [{'revision':41,'time':'2026-12-07T12:00:00.100Z','type':'ADDED','key':'/pods/default/web',
              'actor':'admin','commandId':'c1','patch':[{'op':'add','path':'','value':{'kind':'Pod'}}]},
             {'revision':43,'time':'2026-12-07T12:00:00.250Z','type':'MODIFIED','key':'/pods/default/web',
              'actor':'system:kube-scheduler','commandId':'c2','decisionId':'d2',
              'patch':[{'op':'add','path':'/spec/nodeName','value':'amd64-w1'}]},
             {'revision':47,'time':'2026-12-07T12:00:01Z','type':'MODIFIED','key':'/pods/default/web',
              'actor':'system:node:amd64-w1','commandId':'c3',
              'patch':[{'op':'replace','path':'/status/phase','value':'Running'},
                       {'op':'add','path':'/status/conditions/1','value':{'type':'Ready','status':'True'}},
                       {'op':'remove','path':'/metadata/labels/app.kubernetes.io~1name'}]},
             {'revision':52,'time':'2026-12-07T12:00:09Z','type':'DELETED','key':'/pods/default/web',
              'actor':'admin','commandId':'c4','patch':[]}]
            """);

    @Test
    void aHistoryIsATableWithOneRowPerRevisionAndThePatchPathsAsTheChange() {
        assertThat(AuditFormat.history(HISTORY, false)).isEqualTo("""
                REVISION   TIME                       TYPE       ACTOR                   CHANGE
                41         2026-12-07T12:00:00.100Z   ADDED      admin                   (whole object)
                43         2026-12-07T12:00:00.250Z   MODIFIED   system:kube-scheduler   spec.nodeName=amd64-w1
                47         2026-12-07T12:00:01Z       MODIFIED   system:node:amd64-w1    status.phase=Running, \
                status.conditions[1]={"type":"Ready","status":"True"}, -metadata.labels["app.kubernetes.io/name"]
                52         2026-12-07T12:00:09Z       DELETED    admin                   -
                """);
    }

    @Test
    void aHistoryOfManyObjectsHasAKeyColumn() {
        assertThat(AuditFormat.history(json("""
                [{'revision':3,'time':'T1','type':'ADDED','key':'/nodes/n1','actor':'system:node:n1',
                  'patch':[{'op':'add','path':'','value':{}}]},
                 {'revision':12,'time':'T2','type':'MODIFIED','key':'/deployments.apps/default/web','actor':'admin',
                  'patch':[{'op':'replace','path':'/spec/replicas','value':3}]}]
                """), true)).isEqualTo("""
                REVISION   TIME   TYPE       KEY                             ACTOR            CHANGE
                3          T1     ADDED      /nodes/n1                       system:node:n1   (whole object)
                12         T2     MODIFIED   /deployments.apps/default/web   admin            spec.replicas=3
                """);
    }

    @Test
    void theResourceVersionIsLeftOutAndOpsAfterTheSixthAreCounted() {
        assertThat(AuditFormat.change(json("""
                [{'op':'replace','path':'/metadata/resourceVersion','value':'380'},
                 {'op':'replace','path':'/status/phase','value':'Running'},
                 {'op':'remove','path':'/status/conditions/2/reason'},
                 {'op':'replace','path':'/status/conditions/2/status','value':'True'},
                 {'op':'remove','path':'/status/conditions/3/reason'},
                 {'op':'replace','path':'/status/conditions/3/status','value':'True'},
                 {'op':'add','path':'/status/podIP','value':'10.0.0.7'},
                 {'op':'add','path':'/status/startTime','value':'2026-12-07T12:52:11Z'},
                 {'op':'add','path':'/status/qosClass','value':'BestEffort'}]
                """))).isEqualTo("status.phase=Running, -status.conditions[2].reason, status.conditions[2].status=True, "
                + "-status.conditions[3].reason, status.conditions[3].status=True, status.podIP=10.0.0.7, "
                + "... (2 more)");
        assertThat(AuditFormat.change(json("[{'op':'replace','path':'/metadata/resourceVersion','value':'401'}]")))
                .isEqualTo("-");
    }

    @Test
    void largeValuesAreElidedAndAwkwardStringsQuoted() {
        assertThat(AuditFormat.change(json("""
                [{'op':'add','path':'/status/containerStatuses','value':[{'name':'web','ready':true,
                  'image':'nginx','imageID':'sha256:0123456789abcdef','restartCount':0}]},
                 {'op':'replace','path':'/spec/template','value':{'a':'0123456789','b':'0123456789',
                  'c':'0123456789','d':'0123456789'}},
                 {'op':'add','path':'/metadata/annotations/note','value':'a, b'},
                 {'op':'add','path':'/metadata/annotations/empty','value':''},
                 {'op':'replace','path':'/status/ready','value':null},
                 {'op':'move','path':'/x'}]
                """))).isEqualTo("status.containerStatuses=[...], spec.template={...}, "
                + "metadata.annotations.note=\"a, b\", metadata.annotations.empty=\"\", status.ready=null, move x");
    }

    @Test
    void whyPutsEachDecisionBeforeTheBindingThatNamesItAndAFailedAttemptByItsTime() {
        JsonNode decisions = json("""
                [{'id':'d1','time':'2026-12-07T12:00:00.120Z','attempt':1,'profile':'default-scheduler',
                  'outcome':'Unschedulable','numNodes':5,'feasibleNodes':0,'topNodes':[],
                  'message':'0/5 nodes are available: 5 node(s) were unschedulable.'},
                 {'id':'d2','time':'2026-12-07T12:00:03Z','attempt':2,'profile':'default-scheduler',
                  'outcome':'Scheduled','numNodes':5,'feasibleNodes':2,'chosenNode':'amd64-w1',
                  'topNodes':[{'node':'amd64-w1','total':187},{'node':'amd64-w2','total':150}]}]
                """);

        assertThat(AuditFormat.why(HISTORY, decisions)).isEqualTo("""
                REVISION   TIME                       TYPE       ACTOR                   CHANGE
                41         2026-12-07T12:00:00.100Z   ADDED      admin                   (whole object)
                -          2026-12-07T12:00:00.120Z   DECISION   default-scheduler       Unschedulable (attempt 1, \
                0/5 nodes feasible): 0/5 nodes are available: 5 node(s) were unschedulable.
                -          2026-12-07T12:00:03Z       DECISION   default-scheduler       Scheduled on amd64-w1 \
                (attempt 2, 2/5 nodes feasible; top: amd64-w1 187, amd64-w2 150)
                43         2026-12-07T12:00:00.250Z   MODIFIED   system:kube-scheduler   spec.nodeName=amd64-w1
                47         2026-12-07T12:00:01Z       MODIFIED   system:node:amd64-w1    status.phase=Running, \
                status.conditions[1]={"type":"Ready","status":"True"}, -metadata.labels["app.kubernetes.io/name"]
                52         2026-12-07T12:00:09Z       DELETED    admin                   -
                """);
    }

    @Test
    void aStateListsEachObjectWithItsKindAndStatus() {
        assertThat(AuditFormat.state(json("""
                {'revision':47,'items':[
                  {'kind':'Node','metadata':{'name':'amd64-w1'},'status':{'conditions':[
                    {'type':'MemoryPressure','status':'False'},{'type':'Ready','status':'True'}]}},
                  {'kind':'Pod','metadata':{'name':'pending','namespace':'default'},'spec':{}},
                  {'kind':'Pod','metadata':{'name':'web','namespace':'default'},'spec':{'nodeName':'amd64-w1'},
                   'status':{'phase':'Running'}},
                  {'kind':'ConfigMap','metadata':{'name':'cfg','namespace':'kube-system'}}]}
                """))).isEqualTo("""
                state at revision 47
                NAME              KIND        STATUS
                amd64-w1          Node        Ready
                default/pending   Pod         Pending
                default/web       Pod         Running on amd64-w1
                kube-system/cfg   ConfigMap   -
                """);
        assertThat(AuditFormat.state(json("{'revision':3,'items':[]}"))).isEqualTo("""
                state at revision 3
                no objects
                """);
    }

    @Test
    void aDiffListsAddedThenRemovedThenModifiedObjects() {
        assertThat(AuditFormat.diff(json("""
                {'kind':'Diff','from':40,'to':60,
                 'added':[{'key':'/pods/default/new','revision':55}],
                 'removed':[{'key':'/pods/default/web','revision':47}],
                 'modified':[{'key':'/nodes/amd64-w1','fromRevision':30,'toRevision':58,
                   'patch':[{'op':'replace','path':'/status/allocatable/pods','value':'109'}]}]}
                """))).isEqualTo("""
                CHANGE     KEY                 REVISION   PATCH
                ADDED      /pods/default/new   55
                REMOVED    /pods/default/web   47
                MODIFIED   /nodes/amd64-w1     30->58     status.allocatable.pods=109
                """);
        assertThat(AuditFormat.diff(json("{'from':4,'to':4,'added':[],'removed':[],'modified':[]}")))
                .isEqualTo("no differences between revision 4 and 4\n");
    }

    @Test
    void verifySaysHowManyRowsItReplayedHowLongItTookAndEveryMismatch() {
        assertThat(AuditFormat.verify(json("""
                {'rows':1200,'keys':40,'liveKeys':40,'mismatches':[],'millis':85,'stateHash':'ab12'}
                """))).isEqualTo("""
                replayed 1200 log rows into 40 objects (live projection: 40) in 85 ms: no mismatches
                state hash ab12
                """);
        assertThat(AuditFormat.verify(json("""
                {'rows':9,'keys':2,'liveKeys':3,'mismatches':['/pods/default/x: live only'],'millis':1,
                 'stateHash':'cd34'}
                """))).isEqualTo("""
                MISMATCH /pods/default/x: live only
                replayed 9 log rows into 2 objects (live projection: 3) in 1 ms: 1 mismatch(es)
                state hash cd34
                """);
    }
}
