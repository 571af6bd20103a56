package io.aegis.api.grpc;

import io.aegis.api.security.GrpcAccess;
import io.aegis.api.workorders.CommandGateway;
import io.aegis.api.workorders.CommandUnavailableException;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.WorkOrderCommand;
import io.aegis.proto.v1.WorkOrderServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Component;

/**
 * gRPC form of the MES commands, sent through the same NATS command path as the JSON routes. A rejection is a
 * normal reply with {@code ok = false} and a problem; UNAVAILABLE means no command side replied in time.
 */
@Component
class WorkOrderGrpcService extends WorkOrderServiceGrpc.WorkOrderServiceImplBase {

    private final CommandGateway gateway;

    WorkOrderGrpcService(CommandGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void execute(WorkOrderCommand request, StreamObserver<CommandReply> responseObserver) {
        if (request.getIdempotencyKey().isEmpty()) {
            responseObserver.onError(Status.INVALID_ARGUMENT
                    .withDescription("idempotency_key '' is invalid: it is required on every command")
                    .asRuntimeException());
            return;
        }
        if (request.getCommandCase() == WorkOrderCommand.CommandCase.COMMAND_NOT_SET) {
            responseObserver.onError(Status.INVALID_ARGUMENT
                    .withDescription("command is not set: choose one of create, release, arrive, ...")
                    .asRuntimeException());
            return;
        }
        WorkOrderCommand command = request.getIssuedBy().isEmpty()
                ? request.toBuilder().setIssuedBy(GrpcAccess.CALLER.get()).build()
                : request;
        gateway.execute(command)
                .subscribe(
                        reply -> {
                            responseObserver.onNext(reply);
                            responseObserver.onCompleted();
                        },
                        error -> responseObserver.onError(
                                error instanceof CommandUnavailableException
                                        ? Status.UNAVAILABLE
                                                .withDescription(error.getMessage())
                                                .asRuntimeException()
                                        : Status.INTERNAL
                                                .withDescription("command failed: " + error.getMessage())
                                                .asRuntimeException()));
    }
}
