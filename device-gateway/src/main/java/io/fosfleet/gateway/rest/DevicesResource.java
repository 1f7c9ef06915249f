package io.fosfleet.gateway.rest;

import io.fosfleet.events.DeviceId;
import io.fosfleet.events.InvalidFieldException;
import io.fosfleet.gateway.Gateway;
import io.fosfleet.gateway.device.DeviceView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Read-only view of the devices this replica owns and their last poll; never a password. */
@Path("/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

    private final Gateway gateway;

    public DevicesResource(Gateway gateway) {
        this.gateway = gateway;
    }

    @GET
    public List<DeviceView> devices() {
        return gateway.devices();
    }

    @GET
    @Path("{id}")
    public DeviceView device(@PathParam("id") String id) {
        DeviceId deviceId;
        try {
            deviceId = DeviceId.of(id);
        } catch (InvalidFieldException e) {
            throw new NotFoundException(e.getMessage());
        }
        return gateway.device(deviceId).orElseThrow(() -> new NotFoundException("device " + id
                + " is not owned by this replica"));
    }
}
