/*
 * A pod spec's volumes as kubectl's describe prints them (printVolumes):
 * one printer per volume source, most driven by a table of fields. Apart
 * from sb_describe_pod.c because it is a catalogue of some thirty
 * sources that pods and every workload's pod template share, and nothing
 * else of a pod.
 */
#include <stdio.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_describe_int.h"

enum vkind {
    V_STR,      /* string */
    V_BOOL,     /* bool, false when absent */
    V_INT,      /* number, 0 when absent */
    V_DEFNONE,  /* string, "<none>" when absent */
    V_INTNONE,  /* number, "<none>" when absent */
    V_REF,      /* *LocalObjectReference: "&{name}" or "<nil>" */
    V_SLICE,    /* []string as Go prints it: "[a b]" */
    V_JOIN,     /* []string joined with ", " */
    V_MAP,      /* map[string]string as Go prints it */
    V_SIZE,     /* emptyDir sizeLimit: the quantity, or "<unset>" */
};

struct vfield {
    const char *label;      /* with its colon: one lacks it in kubectl */
    const char *key;
    enum vkind kind;
};

struct vsource {
    const char *key;
    const char *type;
    struct vfield f[12];
};

/* In the order kubectl's switch tests them. */
static const struct vsource vsources[] = {
    { "hostPath", "HostPath (bare host directory volume)",
      { { "Path:", "path", V_STR }, { "HostPathType:", "type", V_DEFNONE } } },
    { "emptyDir",
      "EmptyDir (a temporary directory that shares a pod's lifetime)",
      { { "Medium:", "medium", V_STR },
        { "SizeLimit:", "sizeLimit", V_SIZE } } },
    { "gcePersistentDisk",
      "GCEPersistentDisk (a Persistent Disk resource in Google Compute "
      "Engine)",
      { { "PDName:", "pdName", V_STR }, { "FSType:", "fsType", V_STR },
        { "Partition:", "partition", V_INT },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "awsElasticBlockStore",
      "AWSElasticBlockStore (a Persistent Disk resource in AWS)",
      { { "VolumeID:", "volumeID", V_STR }, { "FSType:", "fsType", V_STR },
        { "Partition:", "partition", V_INT },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "gitRepo",
      "GitRepo (a volume that is pulled from git when the pod is created)",
      { { "Repository:", "repository", V_STR },
        { "Revision:", "revision", V_STR } } },
    { "secret", "Secret (a volume populated by a Secret)",
      { { "SecretName:", "secretName", V_STR },
        { "Optional:", "optional", V_BOOL } } },
    { "configMap", "ConfigMap (a volume populated by a ConfigMap)",
      { { "Name:", "name", V_STR }, { "Optional:", "optional", V_BOOL } } },
    { "nfs", "NFS (an NFS mount that lasts the lifetime of a pod)",
      { { "Server:", "server", V_STR }, { "Path:", "path", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "iscsi",
      "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host "
      "machine and then exposed to the pod)",
      { { "TargetPortal:", "targetPortal", V_STR }, { "IQN:", "iqn", V_STR },
        { "Lun:", "lun", V_INT },
        { "ISCSIInterface", "iscsiInterface", V_STR },
        { "FSType:", "fsType", V_STR }, { "ReadOnly:", "readOnly", V_BOOL },
        { "Portals:", "portals", V_SLICE },
        { "DiscoveryCHAPAuth:", "chapAuthDiscovery", V_BOOL },
        { "SessionCHAPAuth:", "chapAuthSession", V_BOOL },
        { "SecretRef:", "secretRef", V_REF },
        { "InitiatorName:", "initiatorName", V_DEFNONE } } },
    { "glusterfs",
      "Glusterfs (a Glusterfs mount on the host that shares a pod's "
      "lifetime)",
      { { "EndpointsName:", "endpoints", V_STR }, { "Path:", "path", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "persistentVolumeClaim",
      "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the "
      "same namespace)",
      { { "ClaimName:", "claimName", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "ephemeral",
      "EphemeralVolume (an inline specification for a volume that gets "
      "created and deleted with the pod)", { { NULL, NULL, V_STR } } },
    { "rbd",
      "RBD (a Rados Block Device mount on the host that shares a pod's "
      "lifetime)",
      { { "CephMonitors:", "monitors", V_SLICE },
        { "RBDImage:", "image", V_STR }, { "FSType:", "fsType", V_STR },
        { "RBDPool:", "pool", V_STR }, { "RadosUser:", "user", V_STR },
        { "Keyring:", "keyring", V_STR },
        { "SecretRef:", "secretRef", V_REF },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "quobyte",
      "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)",
      { { "Registry:", "registry", V_STR }, { "Volume:", "volume", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "downwardAPI",
      "DownwardAPI (a volume populated by information about the pod)",
      { { NULL, NULL, V_STR } } },
    { "azureDisk",
      "AzureDisk (an Azure Data Disk mount on the host and bind mount to "
      "the pod)",
      { { "DiskName:", "diskName", V_STR }, { "DiskURI:", "diskURI", V_STR },
        { "Kind: ", "kind", V_STR }, { "FSType:", "fsType", V_STR },
        { "CachingMode:", "cachingMode", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "vsphereVolume", "vSphereVolume (a Persistent Disk resource in vSphere)",
      { { "VolumePath:", "volumePath", V_STR },
        { "FSType:", "fsType", V_STR },
        { "StoragePolicyName:", "storagePolicyName", V_STR } } },
    { "cinder", "Cinder (a Persistent Disk resource in OpenStack)",
      { { "VolumeID:", "volumeID", V_STR }, { "FSType:", "fsType", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL },
        { "SecretRef:", "secretRef", V_REF } } },
    { "photonPersistentDisk",
      "PhotonPersistentDisk (a Persistent Disk resource in photon platform)",
      { { "PdID:", "pdID", V_STR }, { "FSType:", "fsType", V_STR } } },
    { "portworxVolume", "PortworxVolume (a Portworx Volume resource)",
      { { "VolumeID:", "volumeID", V_STR } } },
    { "scaleIO",
      "ScaleIO (a persistent volume backed by a block device in ScaleIO)",
      { { "Gateway:", "gateway", V_STR }, { "System:", "system", V_STR },
        { "Protection Domain:", "protectionDomain", V_STR },
        { "Storage Pool:", "storagePool", V_STR },
        { "Storage Mode:", "storageMode", V_STR },
        { "VolumeName:", "volumeName", V_STR },
        { "FSType:", "fsType", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "cephfs",
      "CephFS (a CephFS mount on the host that shares a pod's lifetime)",
      { { "Monitors:", "monitors", V_SLICE }, { "Path:", "path", V_STR },
        { "User:", "user", V_STR }, { "SecretFile:", "secretFile", V_STR },
        { "SecretRef:", "secretRef", V_REF },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "storageos", "StorageOS (a StorageOS Persistent Disk resource)",
      { { "VolumeName:", "volumeName", V_STR },
        { "VolumeNamespace:", "volumeNamespace", V_STR },
        { "FSType:", "fsType", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "fc", "FC (a Fibre Channel disk)",
      { { "TargetWWNs:", "targetWWNs", V_JOIN },
        { "LUN:", "lun", V_INTNONE }, { "FSType:", "fsType", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "azureFile",
      "AzureFile (an Azure File Service mount on the host and bind mount to "
      "the pod)",
      { { "SecretName:", "secretName", V_STR },
        { "ShareName:", "shareName", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "flexVolume",
      "FlexVolume (a generic volume resource that is provisioned/attached "
      "using an exec based plugin)",
      { { "Driver:", "driver", V_STR }, { "FSType:", "fsType", V_STR },
        { "SecretRef:", "secretRef", V_REF },
        { "ReadOnly:", "readOnly", V_BOOL },
        { "Options:", "options", V_MAP } } },
    { "flocker", "Flocker (a Flocker volume mounted by the Flocker agent)",
      { { "DatasetName:", "datasetName", V_STR },
        { "DatasetUUID:", "datasetUUID", V_STR } } },
    { "projected",
      "Projected (a volume that contains injected data from multiple "
      "sources)", { { NULL, NULL, V_STR } } },
    { "csi", "CSI (a Container Storage Interface (CSI) volume source)",
      { { "Driver:", "driver", V_STR }, { "FSType:", "fsType", V_STR },
        { "ReadOnly:", "readOnly", V_BOOL } } },
    { "image", "Image (a container image or OCI artifact)",
      { { "Reference:", "reference", V_STR },
        { "PullPolicy:", "pullPolicy", V_STR } } },
};

static void vfield_text(struct dw *w, const cJSON *src, const struct vfield *f,
                        struct sb_buf *b)
{
    const cJSON *v = dj(src, f->key);
    const char **keys;
    size_t n, i;
    char q[64];
    struct sb_qty sz;

    switch (f->kind) {
    case V_STR:
        sb_dbuf_adds(w, b, ds(src, f->key));
        break;
    case V_BOOL:
        sb_dbuf_adds(w, b, db(src, f->key) ? "true" : "false");
        break;
    case V_INT:
        sb_dbuf_addf(w, b, "%lld", (long long)di(src, f->key, 0));
        break;
    case V_DEFNONE:
        sb_dbuf_adds(w, b, cJSON_IsString(v) ? v->valuestring : "<none>");
        break;
    case V_INTNONE:
        if (cJSON_IsNumber(v))
            sb_dbuf_addf(w, b, "%lld", (long long)di(src, f->key, 0));
        else
            sb_dbuf_adds(w, b, "<none>");
        break;
    case V_REF:
        if (cJSON_IsObject(v))
            sb_dbuf_addf(w, b, "&{%s}", ds(v, "name"));
        else
            sb_dbuf_adds(w, b, "<nil>");
        break;
    case V_SLICE:
        sb_dslice(w, v, b);
        break;
    case V_JOIN:
        sb_djoin(w, v, ", ", b);
        break;
    case V_MAP:
        n = sb_dkeys(w, v, &keys);
        sb_dbuf_adds(w, b, "map[");
        for (i = 0; i < n; i++)
            sb_dbuf_addf(w, b, "%s%s:%s", i ? " " : "", keys[i], ds(v, keys[i]));
        sb_dbuf_adds(w, b, "]");
        sb_free(keys);
        break;
    case V_SIZE:
        if (v && sb_qty_parse_json(v, &sz) && sz.nano > 0)
            sb_dbuf_adds(w, b, sb_qty_str(&sz, q));
        else
            sb_dbuf_adds(w, b, "<unset>");
        break;
    }
}

static void csi_attributes(struct dw *w, const cJSON *attrs)
{
    const char **keys;
    size_t n = sb_dkeys(w, attrs, &keys), i;

    sb_dw_write(w, 2, "VolumeAttributes:\t");
    if (!n) {
        sb_dw_line(w, "<none>");
        return;
    }
    for (i = 0; i < n; i++) {
        struct sb_buf line = SB_BUF_INIT(SB_BUF_UNLIMITED);

        /* kubectl indents each of these writes again */
        if (i) {
            sb_dw_write(w, 2, "%s", "");
            sb_dw_write(w, 2, "\t");
        }
        sb_dbuf_addf(w, &line, "%s=%s", keys[i], ds(attrs, keys[i]));
        if (line.len > 140)
            sb_dw_write(w, 2, "%.*s...\n", 140, sb_buf_str(&line));
        else
            sb_dw_write(w, 2, "%s\n", sb_buf_str(&line));
        sb_buf_release(&line);
    }
    sb_free(keys);
}

static void projected(struct dw *w, const cJSON *src)
{
    const cJSON *s, *x;

    cJSON_ArrayForEach(s, darr(src, "sources")) {
        if ((x = dobj(s, "secret")) != NULL) {
            sb_dw_write(w, 2, "SecretName:\t%s\n    SecretOptionalName:\t%s\n",
                     ds(x, "name"), !cJSON_IsBool(dj(x, "optional"))
                     ? "<nil>" : db(x, "optional") ? "true" : "false");
        } else if (dobj(s, "downwardAPI")) {
            sb_dw_write(w, 2, "DownwardAPI:\ttrue\n");
        } else if ((x = dobj(s, "configMap")) != NULL) {
            sb_dw_write(w, 2, "ConfigMapName:\t%s\n    ConfigMapOptional:\t%s\n",
                     ds(x, "name"), !cJSON_IsBool(dj(x, "optional"))
                     ? "<nil>" : db(x, "optional") ? "true" : "false");
        } else if ((x = dobj(s, "serviceAccountToken")) != NULL) {
            sb_dw_write(w, 2, "TokenExpirationSeconds:\t%lld\n",
                     (long long)di(x, "expirationSeconds", 0));
        }
    }
}

static void volume(struct dw *w, const cJSON *vol)
{
    const struct vsource *vs = NULL;
    const cJSON *src = NULL, *x;
    size_t i;

    for (i = 0; i < sizeof(vsources) / sizeof(vsources[0]); i++) {
        src = dobj(vol, vsources[i].key);
        if (src) {
            vs = &vsources[i];
            break;
        }
    }
    if (!vs) {
        sb_dw_write(w, 1, "<unknown>\n");
        return;
    }
    sb_dw_write(w, 2, "Type:\t%s\n", vs->type);
    for (i = 0; i < 12 && vs->f[i].label; i++) {
        struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

        vfield_text(w, src, &vs->f[i], &b);
        sb_dw_write(w, 2, "%s\t%s\n", vs->f[i].label, sb_buf_str(&b));
        sb_buf_release(&b);
    }
    if (!strcmp(vs->key, "csi")) {
        csi_attributes(w, dobj(src, "volumeAttributes"));
    } else if (!strcmp(vs->key, "projected")) {
        projected(w, src);
    } else if (!strcmp(vs->key, "downwardAPI")) {
        sb_dw_write(w, 2, "Items:\n");
        cJSON_ArrayForEach(x, darr(src, "items")) {
            if (dobj(x, "fieldRef"))
                sb_dw_write(w, 3, "%s -> %s\n",
                         sb_dsp(x, "fieldRef", "fieldPath", NULL),
                         ds(x, "path"));
            if (dobj(x, "resourceFieldRef"))
                sb_dw_write(w, 3, "%s -> %s\n",
                         sb_dsp(x, "resourceFieldRef", "resource", NULL),
                         ds(x, "path"));
        }
    } else if (!strcmp(vs->key, "ephemeral")) {
        const cJSON *t = dobj(src, "volumeClaimTemplate");

        /* kubectl nests the claim template two levels in */
        if (t) {
            w->nest += 2;
            sb_dp_pvc_body(w, t, false);
            w->nest -= 2;
        }
    }
}

void sb_dp_volumes(struct dw *w, const cJSON *list, const char *space)
{
    const cJSON *v;

    if (!dlen(list)) {
        sb_dw_write(w, 0, "%sVolumes:\t<none>\n", space);
        return;
    }
    sb_dw_write(w, 0, "%sVolumes:\n", space);
    cJSON_ArrayForEach(v, list) {
        sb_dw_write(w, 1, "%s%s:\n", *space ? " " : "", ds(v, "name"));
        volume(w, v);
    }
}
