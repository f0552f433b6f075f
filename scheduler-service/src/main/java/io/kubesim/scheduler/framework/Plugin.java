package io.kubesim.scheduler.framework;

/** A scheduling plugin (pkg/scheduler/framework/interface.go, Kubernetes 1.32). */
public interface Plugin {

    /** The plugin's name, equal to upstream's (see {@link PluginNames}). */
    String name();
}
