package io.seldonmesh.runtime;

import io.seldonmesh.common.doctor.Finding;
import java.util.List;

/** One of a service's own doctor checks: a layer beyond Kafka, with a finding per thing it looked at. */
public interface DoctorCheck {

    List<Finding> examine();
}
