package io.kubesim.agent.pod;

/** Event reasons the kubelet records, equal to pkg/kubelet/events/event.go, and container waiting reasons. */
final class KubeletEvents {

    // pkg/kubelet/events/event.go
    static final String CREATED_CONTAINER = "Created";
    static final String STARTED_CONTAINER = "Started";
    static final String FAILED_TO_CREATE_CONTAINER = "Failed";
    static final String KILLING_CONTAINER = "Killing";
    static final String BACK_OFF_START_CONTAINER = "BackOff";
    static final String PULLING_IMAGE = "Pulling";
    static final String PULLED_IMAGE = "Pulled";
    static final String FAILED_TO_PULL_IMAGE = "Failed";
    static final String FAILED_TO_INSPECT_IMAGE = "InspectFailed";
    static final String ERR_IMAGE_NEVER_PULL_POLICY = "ErrImageNeverPull";
    static final String BACK_OFF_PULL_IMAGE = "BackOff";

    // container waiting / terminated reasons: pkg/kubelet/images/types.go, pkg/kubelet/kuberuntime, kubelet_pods.go
    static final String CONTAINER_CREATING = "ContainerCreating";
    static final String POD_INITIALIZING = "PodInitializing";
    static final String ERR_IMAGE_PULL = "ErrImagePull";
    static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
    static final String ERR_IMAGE_NEVER_PULL = "ErrImageNeverPull";
    static final String INVALID_IMAGE_NAME = "InvalidImageName";
    static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";
    static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
    static final String COMPLETED = "Completed";
    static final String ERROR = "Error";
    static final String OOM_KILLED = "OOMKilled";

    private KubeletEvents() {
    }
}
