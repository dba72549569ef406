package dev.ballast.admission;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** An informer event handler that hands the object an event leaves behind (null after a delete) to one callback. */
record OnChange<T>(Consumer<T> callback) implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T obj) {
        callback.accept(obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        callback.accept(newObj);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        callback.accept(null);
    }
}
